"""The page's language for the browser: `<html lang>` and Streamlit's own skip link.

Streamlit's page says lang="en" and its "Skip to main content" link is English,
whatever the visitor reads, so a screen reader would read Spanish with an
English voice. A marker carries the language and the link's words; a constant
script (whose hash the Content-Security-Policy carries, ui/shared/security_headers.py)
applies them each time a marker is drawn. The last marker on the page wins: the
audience screen's (the room's language) after the staff page's.
"""

from __future__ import annotations

import html

from workshop import i18n
from workshop.i18n import _

SCRIPT = """<script>
document.querySelectorAll("[data-page-lang]").forEach(function (marker) {
  document.documentElement.lang = marker.getAttribute("data-page-lang");
  var skip = document.querySelector("[data-testid='stSkipToContent']");
  if (skip) { skip.textContent = marker.getAttribute("data-skip-label"); }
});
</script>"""


def attributes() -> str:
    """The marker's attributes in the language in use, for an element the page draws anyway."""
    lang = html.escape(i18n.current(), quote=True)
    skip = html.escape(_("Skip to main content"), quote=True)
    return f'data-page-lang="{lang}" data-skip-label="{skip}"'


# The marker's element takes no room: a projector cannot scroll, and an element's gap counts.
_NO_ROOM = "<style>.stElementContainer:has([data-page-lang][hidden]) { display: none; }</style>"


def marker() -> str:
    """A hidden marker and the script, for st.html(..., unsafe_allow_javascript=True)."""
    return f"{_NO_ROOM}<div hidden {attributes()}></div>{SCRIPT}"
