"""What every participant screen shares: the quick-exit button, phone styling, support resources, the error-then-action footer."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from ui.shared import page_language
from ui.shared.field_styles import FIELD_FOCUS_CSS
from workshop.content import Resources
from workshop.i18n import N_, _

QUICK_EXIT_LABEL = N_("Quick exit")  # translated where drawn
DEFAULT_EXIT = "about:blank"

# Phone-first tweaks: bigger tap targets and type, the quick-exit button pinned
# to the top-right corner, and room under it so it never covers content.
_CSS = """
<style>
.block-container { padding-top: 4.75rem; padding-left: 1rem; padding-right: 1rem; }
/* Streamlit's skip link shows at the top left when focused: below the bar, not over Quick exit. */
[data-testid="stSkipToContent"]:focus { top: 4rem; }
.stApp { font-size: 1.05rem; }
.stApp h3 { font-size: 1.45rem; line-height: 1.3; }
div[data-testid="stRadio"] label p, div[data-testid="stCheckbox"] label p { font-size: 1rem; }
div[data-testid="stRadio"] label, div[data-testid="stCheckbox"] label { min-height: 2.75rem; align-items: center; }
div[data-testid="stRadio"] div[role="radiogroup"] { gap: 0.25rem 1rem; }
button[kind^="primary"], button[kind^="secondary"], button[kind^="tertiary"] { min-height: 2.75rem; }
.stApp h1 { font-size: 2rem; line-height: 1.2; }
.st-key-withdraw { width: 100% !important; margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid #D5DBD8; }
.st-key-qbox_panel { scroll-margin-top: 4.5rem; }
.workshop-bar { position: fixed; top: 0; left: 0; right: 0; height: 3.5rem; z-index: 1000000;
  background: #FBFAF7; border-bottom: 1px solid #D5DBD8; display: flex;
  justify-content: flex-end; align-items: center; padding: 0 0.75rem; }
.workshop-quick-exit { font: 600 1rem/1 sans-serif; padding: 0.75rem 1.1rem;
  border-radius: 0.5rem; border: 2px solid #1F2A2E; background: #FFFFFF; color: #1F2A2E;
  cursor: pointer; min-height: 2.75rem; }
.workshop-quick-exit:focus-visible { outline: 3px solid #2F6F6A; outline-offset: 2px; }
</style>
"""

# Contrast, focus and tap targets on every phone screen (participant and the
# modules page), measured against the theme's #FBFAF7 background: captions
# #4A5558 at full opacity (7.4:1; Streamlit fades them to 0.6, 2.8:1), a 3 px
# #2F6F6A focus ring (5.6:1) on fields (FIELD_FOCUS_CSS), radios, checkboxes,
# pills and buttons, and 44 px tap targets. Control borders are the theme's
# borderColor (3.9:1). A number field keeps room for its digits when a small
# phone is zoomed to 200% (160 CSS px wide): its - and + buttons go (typing and
# the arrow keys remain), so "600" does not show as "6".
_A11Y_CSS = (
    FIELD_FOCUS_CSS
    + """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4A5558; }
[data-testid="stTextInputRootElement"] input, [data-testid="stNumberInputContainer"] input {
  min-height: 2.75rem; }
[data-testid="stNumberInputContainer"] input { min-width: 4.5em; }
@media (max-width: 17.5rem) {
  [data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"] { display: none; } }
div[data-testid="stRadio"] label:has(input:focus-visible),
div[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 3px solid #2F6F6A; outline-offset: 2px; border-radius: 0.25rem; }
.stApp button:focus-visible, .stApp summary:focus-visible, .stApp h1:focus, .stApp h3:focus {
  outline: 3px solid #2F6F6A !important; outline-offset: 2px; }
[data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"] {
  min-width: 2.75rem; min-height: 2.75rem; }
[data-testid="stExpander"] summary { min-height: 2.75rem; }
[data-testid="stButtonGroup"] button { min-height: 2.75rem; min-width: 2.75rem; }
[data-testid="stSelectbox"] [role="group"] { min-height: 2.75rem; border: 1px solid #767F82;
  background-color: #FFFFFF; }
[data-testid="stSelectbox"] [role="group"] button { min-width: 2.75rem; min-height: 2.75rem; }
</style>
"""
)


def phone_styles() -> None:
    """Contrast, focus and tap-target styles (pages without the quick-exit bar)."""
    st.html(_A11Y_CSS)


# Our own static script: no participant text, only the configured exit URL
# (as a data attribute). location.replace swaps this page out of the tab's
# history, so Back does not return to the survey. Streamlit pushes a history
# entry whenever query parameters change (joining, consenting); turning those
# pushes into replacements keeps the whole visit to one entry, so nothing of
# it is left behind the quick exit either. The same script moves to the top of
# each new step and focuses its heading.
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
  // A new step (Start, Next, Back) or screen: Streamlit keeps the old scroll
  // position and drops focus to the body. Scroll to the top and focus the
  // step's heading, which also tells a screen reader that the step changed.
  var shown = null;
  // A rerun that redraws the focused button (a ranking tap) removes it from
  // the page and focus falls to the body: put it back on the widget with the same key.
  var last = null, lastKey = null;
  function keyClass(node) {
    var holder = node.closest("[class*='st-key-']");
    if (!holder) { return null; }
    for (var i = 0; i < holder.classList.length; i++) {
      if (holder.classList[i].indexOf("st-key-") === 0) { return holder.classList[i]; }
    }
    return null;
  }
  document.addEventListener("focusin", function (event) {
    last = event.target.closest ? event.target : null;
    lastKey = last ? keyClass(last) : null;
  }, true);
  function refocus() {
    if (!last || last.isConnected || !lastKey) { return; }
    if (document.activeElement && document.activeElement !== document.body) { return; }
    var holder = document.getElementsByClassName(lastKey)[0];
    var target = holder && holder.querySelector("button:not([disabled]), input, textarea");
    if (target) { target.focus({preventScroll: true}); }
  }
  function heading() {
    var all = document.querySelectorAll(".stMain h1, .stMain h2, .stMain h3");
    for (var i = 0; i < all.length; i++) {
      if (!all[i].closest("[data-stale='true'], [data-testid='stExpander']")) { return all[i]; }
    }
    return null;
  }
  // The open question box takes focus (its text field) and comes into view; closed,
  // focus goes back to its opener. boxOpen null: not known yet (a load keeps the focus);
  // boxMove: a move is due, made once its target is drawn (the field comes a moment later).
  var boxOpen = null, boxMove = false;
  function questionBox() {
    var panel = document.querySelector(".st-key-qbox_panel");
    if (boxOpen !== !!panel) {
      boxMove = boxOpen !== null;
      boxOpen = !!panel;
    }
    if (!boxMove) { return; }
    var field = panel ? panel.querySelector("textarea")
                      : document.querySelector(".st-key-qbox_open button");
    if (!field) { return; }
    boxMove = false;
    if (panel) { panel.scrollIntoView({block: "start"}); }
    field.focus({preventScroll: !!panel});
  }
  function check() {
    // A run replaces the screen piece by piece: judge only the screen it leaves,
    // or a passing state (a rerun of the end screen) reads as a new screen.
    var app = document.querySelector("[data-testid='stApp']");
    if (app && app.getAttribute("data-test-script-state") !== "notRunning") { return; }
    var head = heading();
    var bar = document.querySelector(".stMain [data-testid='stProgress']");
    if (bar && head && head.compareDocumentPosition(bar) & Node.DOCUMENT_POSITION_FOLLOWING) {
      bar = null;  // not the step's bar above its title: a result bar (end screen)
    }
    if (!head && !bar) { return; }
    var key = (bar ? bar.textContent : "") + "|" + (head ? head.textContent : "");
    if (key === shown) { refocus(); questionBox(); return; }
    var first = shown === null;
    last = null;
    shown = key;
    if (first) { questionBox(); return; }  // a fresh load or reload keeps the browser's own focus
    for (var node = (head || bar).parentElement; node; node = node.parentElement) {
      node.scrollTop = 0;
    }
    window.scrollTo(0, 0);
    var target = head || bar;
    target.setAttribute("tabindex", "-1");
    target.focus({preventScroll: true});
    questionBox();
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () { pending = false; check(); }, 60);
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["data-test-script-state"]});
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
    label = html.escape(_(QUICK_EXIT_LABEL))
    spoken = html.escape(_("Quick exit: leave this page now"), quote=True)
    st.html(
        _CSS
        + _A11Y_CSS
        # The page's language, so a screen reader reads Spanish with a Spanish voice.
        + f'<div class="workshop-bar" {page_language.attributes()}>'
        + f'<button type="button" class="workshop-quick-exit" data-quick-exit="{target}" '
        + f'aria-label="{spoken}">{label}</button>'
        + "</div>"
        + page_language.SCRIPT
        + _SCRIPT,
        unsafe_allow_javascript=True,
    )


def resources(items: Resources | None, *, as_section: bool = False) -> None:
    """Support resources (authored content); `as_section` gives them a subheader."""
    if items is None:
        return
    if as_section:  # h2: it follows the page's h1 (heading order)
        st.header(items.heading, anchor=False)
    else:
        st.markdown(f"**{items.heading}**")
    if items.note:
        st.caption(items.note)
    for item in items.items:
        lines = [f"**{item.name}**"]
        if item.description:
            lines.append(item.description)
        if item.for_whom:
            lines.append(_("For: {who}").format(who=item.for_whom))
        if item.contact:
            lines.append(item.contact)
        if item.text_or_chat:
            lines.append(_("Text or chat: {how}").format(how=item.text_or_chat))
        if item.hours:
            lines.append(_("Open: {hours}").format(hours=item.hours))
        if item.languages:
            lines.append(_("Languages: {languages}").format(languages=item.languages))
        if item.url:
            lines.append(item.url)
        st.markdown("  \n".join(lines))


def plain(text: str) -> str:
    """Escape Markdown in text that is not ours to format (e.g. a session title)."""
    specials = "\\`*_{}[]()#+-.!|<>~$:"
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def flash_then_act(
    message: str | None,
    button: Callable[..., object],
    label: str,
    key: str,
    on_click: Callable[..., None],
    args: tuple[object, ...],
) -> None:
    """The last attempt's error (if any), then the screen's full-width primary action."""
    if message:
        st.error(message, icon=":material/error:")
    button(label, type="primary", key=key, on_click=on_click, args=args, width="stretch")
