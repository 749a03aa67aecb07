"""Facilitator guide: docs/facilitator-guide.md, readable and printable from the staff pages.

A language choice shows the guide's essentials in Spanish (docs/es/guia-para-facilitar.md)
instead; it starts at the staff member's interface language when the guide exists in it, else
English. Both are the project's own authored Markdown (never
participant text), so st.markdown is safe here. The file is read on every view, so edits
show up at once.
"""

from __future__ import annotations

import streamlit as st

from ui.staff.auth import require_staff
from workshop import i18n
from workshop.config import PROJECT_ROOT
from workshop.i18n import _

GUIDE = PROJECT_ROOT / "docs" / "facilitator-guide.md"
GUIDE_ES = PROJECT_ROOT / "docs" / "es" / "guia-para-facilitar.md"
# Each choice is named in its own language; English, the full guide, comes first.
GUIDES = {"English": GUIDE, "Español": GUIDE_ES}
GUIDE_LANGUAGES = {"en": "English", "es": "Español"}  # interface language -> its guide

# Static CSS only. On a narrow screen a wide table scrolls by itself, not the
# whole page. When printing, leave out the app's chrome and let the page grow:
# Streamlit's scrolling main area would otherwise print one page only.
_GUIDE_CSS = """
<style>
@media screen {
  [data-testid="stMarkdownContainer"] table {display: block; overflow-x: auto; max-width: 100%;}
  /* Staff pages are wide; reading lines stay at a readable length. */
  [data-testid="stMarkdownContainer"] :is(p, ul, ol, blockquote) {max-width: 48rem;}
}
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  header, .st-key-guide_print_hint, .st-key-guide_language {display: none !important;}
  [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], .block-container {
    position: static !important; overflow: visible !important; height: auto !important;
    max-width: 100% !important; padding: 0 !important; margin: 0 !important;}
  h1, h2, h3 {break-after: avoid;}
  tr, blockquote, li {break-inside: avoid;}
}
</style>
"""


def _default_guide() -> str:
    """The guide in the interface language when there is one, else the full English guide."""
    name = GUIDE_LANGUAGES.get(i18n.current(), "English")
    return name if GUIDES[name].exists() else "English"


require_staff()

st.html(_GUIDE_CSS)
with st.container(key="guide_print_hint"):
    st.caption(
        _(
            "To print or save as PDF, use your browser's Print command (Ctrl+P, or Cmd+P on a "
            "Mac): the sidebar and header are left out of the printout."
        )
    )
default = _default_guide()
language = (
    st.segmented_control(
        # Named in both languages, so either reader finds it, whatever the interface speaks.
        _("Language / Idioma"),
        list(GUIDES),
        default=default,
        key="guide_language",
        help=_("Español: the guide's essentials, not reviewed yet; the full guide is in English."),
    )
    or default  # choosing the selected option again clears it: keep the default
)
path = GUIDES[language]
try:
    guide = path.read_text(encoding="utf-8")
except OSError as exc:
    st.error(
        _("The facilitator guide could not be read ({reason}): expected it at {path}.").format(
            reason=exc.strerror, path=path
        )
    )
    st.stop()
with st.container(key="guide_body"):  # a document, in its own language (not the catalog's)
    st.markdown(guide)
