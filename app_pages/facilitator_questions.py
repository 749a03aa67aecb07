"""Facilitator: the anonymous question box's queue and wall.

Waiting questions are approved (the exact version shown) or hidden, as free
text is; ones that may need care come first with advice and a two-step
approval. Shown questions are listed as participants see them (votes, then a
random order drawn at approval; never arrival times), with "answering now",
"answered" and hide.
"""

from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from ui.shared.question_wall import answering_now_panel
from ui.shared.runtime import engine
from ui.staff import care
from ui.staff.auth import require_staff
from ui.staff.common import session_snapshot_page, shown_filter
from workshop import question_box
from workshop.i18n import N_, _, ngettext
from workshop.question_box import Question, Status

require_staff()

session, snapshot = session_snapshot_page(
    _("Questions from the room"),
    _(
        "Participants can ask anonymously from any screen. Nothing they send is shown until "
        "you approve it; approved questions appear on their phones as plain text, most voted "
        "first. Arrival times are never stored or shown."
    ),
)
# The filter's options are these English names; the control shows them translated.
SHOW = {
    N_("Waiting"): (Status.pending,),
    N_("On the wall"): (Status.answering, Status.approved, Status.answered),
    N_("Hidden"): (Status.hidden,),
}
NONE = {
    "Waiting": N_("No questions waiting."),
    "On the wall": N_("No questions on the wall."),
    "Hidden": N_("No questions hidden."),
}


def _key(question_id: str, action: str) -> str:
    # Widget keys end up in the page: a digest, not the stored id.
    return f"fac_q_{action}_{hashlib.sha256(question_id.encode()).hexdigest()[:16]}"


marker = care.marker("question")


def _decide(
    question: Question, session_id: int, status: Status, confirm_key: str | None = None
) -> None:
    version = question.version if status is Status.approved else None
    care.decide(
        partial(
            question_box.set_status, engine(), session_id, question.id, status, version=version
        ),
        confirm_key,
    )


STATUS_LABEL = {
    Status.answering: N_("Answering now"),
    Status.approved: "",
    Status.answered: N_("Answered"),
}


@st.fragment(run_every=5)
def queue(session_id: int) -> None:
    which = shown_filter(list(SHOW), "fac_q_filter")
    found = question_box.queue(engine(), session_id, SHOW[which])
    if not found:
        st.caption(_(NONE[which]))
    marked = (
        question_box.care_first(found, marker)
        if marker is not None and which != "On the wall"
        else [(q, ()) for q in found]
    )
    for question, marks in marked:
        with st.container(border=True, key=_key(question.id, "card")):
            if marks:
                care.note(marks, snapshot.resources)
            label = STATUS_LABEL.get(question.status, "")
            if label:
                st.caption(_(label))
            text_column, first, second, third = st.columns(
                [4, 1.4, 1.2, 1], vertical_alignment="center"
            )
            text_column.text(question.text)  # plain text: never Markdown or HTML
            if question.status in (Status.approved, Status.answering, Status.answered):
                text_column.caption(
                    ngettext("{n} vote", "{n} votes", question.votes).format(n=question.votes)
                )
            if question.status in (Status.pending, Status.hidden):
                care.approve_buttons(
                    first,
                    partial(_key, question.id),
                    may_need_care=bool(marks),
                    ask=_("Show this question to the room?"),
                    yes_label=_("Yes, show it to the room"),
                    on_approve=_decide,
                    args=(question, session_id, Status.approved),
                )
            if question.status in (Status.approved, Status.answered):
                first.button(
                    _("Answer now"),
                    key=_key(question.id, "answering"),
                    on_click=_decide,
                    args=(question, session_id, Status.answering),
                    type="primary",
                    help=_(
                        "Shown large on the audience screen; the one shown before is marked "
                        "answered."
                    ),
                )
            if question.status is Status.answering:
                second.button(
                    _("Answered"),
                    key=_key(question.id, "answered"),
                    on_click=_decide,
                    args=(question, session_id, Status.answered),
                )
            if question.status is not Status.hidden:
                third.button(
                    _("Hide"),
                    key=_key(question.id, "hide"),
                    on_click=_decide,
                    args=(question, session_id, Status.hidden),
                )


with st.expander(_("What the audience screen shows now")):
    answering_now_panel(session)
    st.caption(
        _('Only the question marked "Answering now", in large type; nothing else from here.')
    )
queue(session.id)
