"""Facilitator: approve or hide free-text answers before anything is shown."""

from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from ui.shared.runtime import engine
from ui.staff import care
from ui.staff.auth import require_staff
from ui.staff.common import session_snapshot_page, shown_filter
from workshop import kinds, moderation
from workshop.i18n import N_, _
from workshop.moderation import Status
from workshop.safeguarding import Mark

require_staff()

session, snapshot = session_snapshot_page(
    _("Moderate free text"),
    _(
        "Written answers stay private until you approve them. Only approved answers appear on "
        "the presenting screen, in shuffled order and as plain text. Hidden answers are kept "
        "in the data but never shown."
    ),
)

questions = [q for q in snapshot.survey.questions if kinds.moderated(q)]
if not questions:
    st.info(_("This session's survey has no free-text questions."))
    st.stop()
# The filter's options are these English names; the control shows them translated.
SHOW = {N_("Waiting"): Status.pending, N_("Approved"): Status.approved, N_("Hidden"): Status.hidden}
NONE = {
    Status.pending: N_("No waiting answers."),
    Status.approved: N_("No approved answers."),
    Status.hidden: N_("No hidden answers."),
}


def _key(participant_id: str, item_id: str, action: str) -> str:
    # Widget keys end up in the page; keep participant ids out of it.
    digest = hashlib.sha256(f"{participant_id}:{item_id}".encode()).hexdigest()[:16]
    return f"fac_mod_{action}_{digest}"


marker = care.marker("answer")


def _marks(
    answers: list[moderation.TextAnswer],
) -> list[tuple[moderation.TextAnswer, tuple[Mark, ...]]]:
    if marker is None:
        return [(answer, ()) for answer in answers]
    return moderation.care_first(answers, marker)


def _decide(
    answer: moderation.TextAnswer,
    session_id: int,
    status: Status,
    confirm_key: str | None = None,
) -> None:
    # Approve names the version shown: an edit since then is refused, never
    # approved unseen. Hiding unseen words errs on the safe side, so it goes ahead.
    version = answer.version if status is Status.approved else None
    care.decide(
        partial(
            moderation.set_status,
            engine(),
            session_id,
            answer.participant_id,
            answer.item_id,
            status,
            version=version,
        ),
        confirm_key,
    )


@st.fragment(run_every=5)
def queue(session_id: int) -> None:
    which = shown_filter(list(SHOW), "fac_mod_filter")
    status = SHOW[which]
    for question in questions:
        answers = moderation.texts(engine(), session_id, item_id=question.id, status=status)
        st.subheader(question.text)
        if not answers:
            st.caption(_(NONE[status]))
            continue
        for answer, marks in _marks(answers):
            with st.container(border=True):
                if marks:
                    care.note(marks, snapshot.resources)
                text_column, approve_column, hide_column = st.columns(
                    [4, 1.3, 1], vertical_alignment="center"
                )
                text_column.text(answer.text)  # plain text: never Markdown or HTML
                if status is not Status.approved:
                    care.approve_buttons(
                        approve_column,
                        partial(_key, answer.participant_id, answer.item_id),
                        may_need_care=bool(marks),
                        ask=_("Show this answer on the presenting screen?"),
                        yes_label=_("Yes, show it on the screen"),
                        on_approve=_decide,
                        args=(answer, session_id, Status.approved),
                    )
                if status is not Status.hidden:
                    hide_column.button(
                        _("Hide"),
                        key=_key(answer.participant_id, answer.item_id, "hide"),
                        on_click=_decide,
                        args=(answer, session_id, Status.hidden),
                    )


queue(session.id)
