"""The presenter's preview of the projector: the real audience screen in a frame, scaled.

Present embeds /audience for its session in an <iframe> laid out at the
projector's size (PREVIEW_WIDTH x PREVIEW_HEIGHT CSS px) and scaled to the
column with a CSS transform. Inside the frame the audience screen runs as it
does on the projector: the same script, the same published batches (so the
same noisy numbers), its Vega charts laid out at full size and only then
scaled as a bitmap. (CSS zoom on the charts themselves broke Vega's layout.)

Authority: a Streamlit session belongs to one websocket, so the frame cannot
share the presenter's staff role. It opens with a one-time audience link
(ui/staff/auth.py), which gives the frame the audience-only role for this one
session, exactly like the projector's window. A new link is made for each new
frame: the JS below reports a link it has already loaded (the frame was
unmounted, say by visiting another page) and Python makes a fresh one. The
address in the page is worthless once loaded, and without a link /audience
is the login page.

The frame is out of the tab order and takes no pointer events: a click on
the preview must not move focus into it, where Present's shortcuts would stop
working. The page may be framed by its own origin only, and only at /audience
(ui/shared/security_headers.py).
"""

from __future__ import annotations

import streamlit as st

from ui.staff import audience, auth
from workshop.i18n import N_, _

PREVIEW_WIDTH, PREVIEW_HEIGHT = 1280, 720  # the smallest projector the stage is tested at
TITLE = N_("Preview of the audience screen (what the projector shows)")
WAITING = N_("Connecting the preview…")
_KEY = "fac_preview_frame"
_LINK = "fac_preview_link"  # (session code, the link this tab's frame loads)

# Runs in the page (a blob: module, allowed by the CSP's script-src). The frame
# is made once per mount and kept while Present reruns; `used` lives as long as
# the page, so a remounted component asks for a new link instead of reloading
# a spent one.
_JS = f"""
export default function (component) {{
  const {{ data, parentElement, setTriggerValue }} = component;
  const used = (window.__workshopPreviewLinks ||= new Set());
  let box = parentElement.querySelector(".stage-preview");
  if (!box) {{
    if (used.has(data.src)) {{ setTriggerValue("stale", data.src); return; }}
    box = document.createElement("div");
    box.className = "stage-preview";
    const wait = document.createElement("p");  // under the frame until it has drawn
    wait.textContent = data.waiting;
    box.appendChild(wait);
    const frame = document.createElement("iframe");
    frame.tabIndex = -1;
    frame.setAttribute("scrolling", "no");
    frame.width = "{PREVIEW_WIDTH}";
    frame.height = "{PREVIEW_HEIGHT}";
    box.appendChild(frame);
    parentElement.appendChild(box);
    const fit = () => {{
      const scale = box.clientWidth / {PREVIEW_WIDTH};
      frame.style.transform = `scale(${{scale}})`;
      box.style.height = `${{Math.round({PREVIEW_HEIGHT} * scale)}}px`;
    }};
    box.observer = new ResizeObserver(fit);
    box.observer.observe(box);
    fit();
  }}
  const frame = box.querySelector("iframe");
  frame.title = data.title;
  if (frame.dataset.src !== data.src) {{
    used.add(data.src);
    frame.dataset.src = data.src;
    frame.src = data.src;
  }}
  return () => box.observer.disconnect();  // run when the component unmounts
}}
"""
_CSS = f"""
.stage-preview {{ position: relative; width: 100%; overflow: hidden; background: #FFFFFF;
  outline: 2px solid #7A8A86; }}
.stage-preview p {{ margin: 0; padding: 1rem; color: #3A4A50; }}
.stage-preview iframe {{ position: absolute; top: 0; left: 0; border: 0;
  width: {PREVIEW_WIDTH}px; height: {PREVIEW_HEIGHT}px; transform-origin: 0 0;
  pointer-events: none; }}
"""

_component = st.components.v2.component("workshop_stage_preview", js=_JS, css=_CSS)


def _link(code: str) -> str | None:
    """This tab's current link for session `code`'s frame, made when there is none."""
    kept = st.session_state.get(_LINK)
    if isinstance(kept, tuple) and kept[0] == code:
        return str(kept[1])
    token = auth.create_audience_link(code)
    if token is None:
        return None
    path = "/" + audience.audience_path(code, token)
    st.session_state[_LINK] = (code, path)
    return path


def _ignore() -> None:
    """The stale value is read from the mount's result; the callback only registers it."""


def stage_preview(code: str) -> None:
    """Session `code`'s audience screen, live and scaled to the width of the container."""
    src = _link(code)
    if src is None:  # only staff make links; Present is a staff page
        return
    result = _component(
        key=_KEY,
        data={"src": src, "title": _(TITLE), "waiting": _(WAITING)},
        height="content",
        on_stale_change=_ignore,
    )
    if getattr(result, "stale", None) == src:  # a new frame: it needs a link of its own
        st.session_state.pop(_LINK, None)
        st.rerun()
