"""Modules: anyone can read every educational module, no session or account needed.

Module bodies, sources and resources are the project's own authored Markdown
(content/), never participant text, so st.markdown is safe here. Nothing on
this page is recorded.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.participant import chrome as participant_chrome
from ui.shared.content import content_library
from ui.shared.runtime import app_settings
from workshop import references
from workshop.content import Module
from workshop.reading_order import reading_order


def _references() -> dict[str, dict[str, Any]]:
    """The bibliography (content/references.json) that module citations point to."""
    return content_library().references


def _show(module: Module, number: int, expanded: bool) -> None:
    # non-breaking spaces keep "· 2 min" together when a long title wraps on a phone
    label = f"{number}. {module.title} ·\u00a0{module.minutes}\u00a0min"
    with st.expander(label, expanded=expanded):
        if module.content_note:
            st.caption(f":material/info: **Content note:** {module.content_note}")
        body, sources = references.module_text(module.body, module.sources, _references())
        st.markdown(body)
        st.markdown("**Sources**")
        st.caption("\n".join(f"- {source}" for source in sources))


participant_chrome.phone_styles()
# The readings cover sensitive topics: the same Quick exit as every participant screen.
participant_chrome.quick_exit(app_settings().quick_exit_url)
library = content_library()
modules, resources = reading_order(library), library.resources

st.title("Modules")
st.write(
    "Short readings from the aftercare workshop, one to three minutes each. "
    "Read them in any order. Nothing on this page is recorded."
)

if not modules:
    st.info("No modules are available yet. Ask your facilitator.")
requested = st.query_params.get("module", "")
for number, module in enumerate(modules, start=1):
    _show(module, number, expanded=module.id == requested)

participant_chrome.resources(resources, as_section=True)

st.page_link("app_pages/participant.py", label="Join a session", icon=":material/login:")
