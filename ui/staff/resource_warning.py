"""A warning for staff screens when a session's support resources are still the shipped examples."""

from __future__ import annotations

import streamlit as st

from workshop import example_resources
from workshop.content import SurveySnapshot
from workshop.i18n import _


def example_resources_warning(snapshot: SurveySnapshot) -> bool:
    """Warn the facilitator (never participants); True when the warning was shown."""
    if not example_resources.are_examples(snapshot.resources):
        return False
    st.warning(_(example_resources.WARNING), icon=":material/warning:")
    return True
