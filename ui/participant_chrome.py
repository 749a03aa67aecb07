"""What every participant screen shares: the quick-exit button, phone styling, support resources."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import streamlit as st

from workshop.content import Resources

QUICK_EXIT_LABEL = "Quick exit"
DEFAULT_EXIT = "about:blank"

# Phone-first tweaks: bigger tap targets and type, the quick-exit button pinned
# to the top-right corner, and room under it so it never covers content.
_CSS = """
<style>
.block-container { padding-top: 4.75rem; padding-left: 1rem; padding-right: 1rem; }
.stApp { font-size: 1.05rem; }
.stApp h3 { font-size: 1.45rem; line-height: 1.3; }
div[data-testid="stRadio"] label p, div[data-testid="stCheckbox"] label p { font-size: 1rem; }
div[data-testid="stRadio"] label, div[data-testid="stCheckbox"] label { min-height: 2.75rem; align-items: center; }
div[data-testid="stRadio"] div[role="radiogroup"] { gap: 0.25rem 1rem; }
button[kind^="primary"], button[kind^="secondary"], button[kind^="tertiary"] { min-height: 2.75rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4A5558; }
.stApp h1 { font-size: 2rem; line-height: 1.2; }
.st-key-withdraw { width: 100% !important; margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid #D5DBD8; }
.workshop-bar { position: fixed; top: 0; left: 0; right: 0; height: 3.5rem; z-index: 1000000;
  background: #FBFAF7; border-bottom: 1px solid #D5DBD8; display: flex;
  justify-content: flex-end; align-items: center; padding: 0 0.75rem; }
.workshop-quick-exit { font: 600 1rem/1 sans-serif; padding: 0.75rem 1.1rem;
  border-radius: 0.5rem; border: 2px solid #1F2A2E; background: #FFFFFF; color: #1F2A2E;
  cursor: pointer; min-height: 2.75rem; }
.workshop-quick-exit:focus-visible { outline: 3px solid #2F6F6A; outline-offset: 2px; }
</style>
"""

# Our own static script: no participant text, only the configured exit URL
# (as a data attribute). location.replace swaps this page out of the tab's
# history, so Back does not return to the survey. Streamlit pushes a history
# entry whenever query parameters change (joining, consenting); turning those
# pushes into replacements keeps the whole visit to one entry, so nothing of
# it is left behind the quick exit either.
_SCRIPT = """
<script>
(function () {
  if (window.__workshopQuickExit) { return; }
  window.__workshopQuickExit = true;
  var replaceState = window.history.replaceState.bind(window.history);
  window.history.pushState = function (state, title, url) { replaceState(state, title, url); };
  function leave(target) { window.location.replace(target || "about:blank"); }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!button) { return; }
    event.preventDefault();
    event.stopPropagation();
    leave(button.getAttribute("data-quick-exit"));
  }, true);
})();
</script>
"""


def safe_exit_url(url: str) -> str:
    """Only http(s) pages or about:blank: anything else falls back to a blank page."""
    url = (url or "").strip()
    if url == DEFAULT_EXIT:
        return url
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    return DEFAULT_EXIT


def quick_exit(url: str) -> None:
    """The always-visible button that leaves for a neutral page in the same tab."""
    target = html.escape(safe_exit_url(url), quote=True)
    st.html(
        _CSS
        + '<div class="workshop-bar">'
        + f'<button type="button" class="workshop-quick-exit" data-quick-exit="{target}" '
        + f'aria-label="{QUICK_EXIT_LABEL}: leave this page now">{QUICK_EXIT_LABEL}</button>'
        + "</div>"
        + _SCRIPT,
        unsafe_allow_javascript=True,
    )


def resources(items: Resources | None, *, as_section: bool = False) -> None:
    """Support resources (authored content); `as_section` gives them a subheader."""
    if items is None:
        return
    if as_section:
        st.subheader(items.heading)
    else:
        st.markdown(f"**{items.heading}**")
    if items.note:
        st.caption(items.note)
    for item in items.items:
        lines = [f"**{item.name}**"]
        if item.description:
            lines.append(item.description)
        if item.contact:
            lines.append(item.contact)
        if item.url:
            lines.append(item.url)
        st.markdown("  \n".join(lines))


def plain(text: str) -> str:
    """Escape Markdown in text that is not ours to format (e.g. a session title)."""
    specials = "\\`*_{}[]()#+-.!|<>~$:"
    return "".join("\\" + ch if ch in specials else ch for ch in text)
