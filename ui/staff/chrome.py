"""Contrast fixes for the staff pages (issue 17, axe color-contrast on the laptop).

Streamlit fades captions to 0.6 opacity (#777D7E on the theme background, 4.0:1);
at full opacity in #4A5558 they read at 7.4:1. Fields get the shared focus ring
(ui/shared/field_styles.py). Static CSS, no participant text.
"""

from __future__ import annotations

import streamlit as st

from ui.shared import page_language
from ui.shared.field_styles import FIELD_FOCUS_CSS

_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4A5558; }
</style>
"""


def staff_styles() -> None:
    """The staff pages' styles, and the page's language (the staff member's choice)."""
    st.html(FIELD_FOCUS_CSS + _CSS + page_language.marker(), unsafe_allow_javascript=True)
