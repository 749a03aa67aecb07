"""Process-wide resources for the Streamlit app: created once, shared by all sessions."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from workshop import db, migrate
from workshop.config import Settings, settings

# A plain dict, not st.cache_resource: engine() runs on every rerun, and the
# cache decorator's argument hashing cost more than the whole lookup here.
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _engine_for(url: str) -> Engine:
    engine = _engines.get(url)
    if engine is None:
        with _lock:
            engine = _engines.get(url)
            if engine is None:
                migrate.upgrade(url)  # the app upgrades the database on start
                engine = _engines[url] = db.get_engine(url)
    return engine


def app_settings() -> Settings:
    return settings()


def engine() -> Engine:
    return _engine_for(app_settings().database_url)
