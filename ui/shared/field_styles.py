"""A focus ring on text, number and select fields, for staff and participant pages alike.

Streamlit shows a focused field only by turning its 1 px border the primary colour
(WCAG 2.4.7 and 1.4.11 want a clearer change); a 3 px ring in #2F6F6A (5.6:1 on the
theme background) is what the buttons, radios and checkboxes show too. Field borders
themselves come from the theme's borderColor (.streamlit/config.toml). The ring is drawn
inside the field's edge: a column or form around it clips what lies outside. Static CSS.
"""

from __future__ import annotations

FIELD_FOCUS_CSS = """<style>
[data-testid="stTextInputRootElement"]:focus-within,
[data-testid="stTextAreaRootElement"]:focus-within,
[data-testid="stNumberInputContainer"]:focus-within,
[data-testid="stSelectbox"] [role="group"]:focus-within {
  outline: 3px solid #2F6F6A; outline-offset: -3px; }
</style>"""
