"""Process-wide resources for the Streamlit app: created once, shared by all sessions."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from workshop import db, migrate
from workshop.config import Settings, settings


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    migrate.upgrade(url)  # the app upgrades the database on start
    return db.get_engine(url)


def app_settings() -> Settings:
    return settings()


def engine() -> Engine:
    return _engine_for(app_settings().database_url)
