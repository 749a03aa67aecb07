"""Staff: the support resources participants see at consent and at the end.

Layout only: checking and storing is workshop/authored_resources.py. A save
is the default for sessions created after it; a session keeps its own.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import engine
from ui.staff import resource_languages
from ui.staff.auth import require_staff
from ui.staff.common import library
from workshop import authored_resources, example_resources
from workshop.authored import EditConflict
from workshop.authored_resources import FIELDS, LABELS
from workshop.config import PROJECT_ROOT
from workshop.i18n import _

require_staff()

VERSION = "res_edited_from"  # the version this edit started from
NOTICE = "res_notice"
GUIDE = PROJECT_ROOT / "docs" / "facilitator-guide.md"

st.title(_("Support resources"))
st.caption(
    _(
        "Participants see these at consent and at the end of every session. A saved list is "
        "used by sessions created after the save; a session keeps the list it was created with."
    )
)
notice = st.session_state.pop(NOTICE, None)
if notice:
    st.success(notice)

version, saved = authored_resources.current(engine())
resources = saved or library().resources
if VERSION not in st.session_state:
    st.session_state[VERSION] = version
if example_resources.are_examples(resources):
    examples = ", ".join(example_resources.example_items(resources)) or _("the note")
    st.warning(
        _(
            "Still the shipped examples: {examples}. Replace each with a service near your "
            "participants; until then, every session is a rehearsal."
        ).format(examples=examples),
        icon=":material/warning:",
    )
with st.expander(_("Checklist for choosing services (from the facilitator guide)")):
    # The guide is the project's own Markdown, never participant text.
    st.markdown(authored_resources.checklist(GUIDE.read_text(encoding="utf-8")))

items = list(resources.items) if resources else []
MAX_SERVICES = 20


def _empty() -> None:
    """Blank every field, to type local services in place of the examples."""
    st.session_state["res_note"] = ""
    for index in range(MAX_SERVICES):
        for field in FIELDS:
            st.session_state[f"res_{index}_{field}"] = ""


count = st.number_input(
    _("Number of services"), 1, MAX_SERVICES, max(1, len(items)), key="res_count"
)
st.button(_("Empty every field to start afresh"), on_click=_empty, key="res_empty")
with st.form("res_form"):
    heading = st.text_input(
        _("Heading"), value=resources.heading if resources else "", key="res_heading"
    )
    note = st.text_area(
        _("Note above the list"), value=resources.note if resources else "", key="res_note"
    )
    rows = []
    for index in range(int(count)):
        item = items[index] if index < len(items) else None
        with st.container(border=True):
            st.markdown(_("**Service {number}**").format(number=index + 1))
            left, right = st.columns(2)
            row = {}
            for position, field in enumerate(FIELDS):
                value = getattr(item, field, "") if item else ""
                column = left if position % 2 == 0 else right
                row[field] = column.text_input(
                    _("Service {number}: {field}").format(number=index + 1, field=_(LABELS[field])),
                    value=value or "",
                    key=f"res_{index}_{field}",
                )
            rows.append(row)
    as_default = st.form_submit_button(_("Save as the default for new sessions"), type="primary")
    for_one = st.form_submit_button(
        _("Save for one session only"),
        help=_("Not the default: pick it under Support resources when you create the session."),
    )

if as_default or for_one:
    checked, problems = authored_resources.from_form(heading, note, rows)
    for problem in problems:
        st.error(problem)
    if checked is not None:
        try:
            saved_version = authored_resources.save(
                engine(), checked, edited_from=st.session_state[VERSION], for_default=as_default
            )
        except EditConflict as exc:
            st.error(str(exc))
        else:
            st.session_state[VERSION] = saved_version
            st.session_state[NOTICE] = (
                _("Saved (version {version}). Sessions created from now on show this list.")
                if as_default
                else _(
                    "Saved for one session (version {version}): pick it under "
                    "“Support resources” when you create the session on the Sessions page."
                )
            ).format(version=saved_version)
            st.rerun()

if resources is not None:  # the list as saved: its words in the other languages
    st.divider()
    resource_languages.texts_editor(resources, library(), NOTICE)
