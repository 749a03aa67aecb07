"""Group results on the participant's end screen, when the facilitator allows it.

They are the snapshot the facilitator released ("Release results to
participants", ui.staff.room_control), drawn through the same k threshold and
masking as the projector, never a live view: a participant watching the
screen cannot difference it against the next person's tap, and never sees
more than the projector did. On a phone they are drawn as labelled
bars (st.progress with the numbers in words) rather than projector charts,
which do not fit 390 px. Only the end screen imports this module. One
question at a time keeps the screen short and each rerun cheap.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis import kinds as analysis_kinds
from analysis import results
from analysis.disclosure import DisclosurePolicy, not_yet_text
from analysis.kinds import View
from analysis.live import QuestionView
from analysis.words import cloud_notes
from workshop import i18n
from workshop import kinds as workshop_kinds
from workshop.content import PREFER_NOT_TO_ANSWER, Measure, Question, SurveySnapshot
from workshop.i18n import _
from workshop.sessions import WorkshopSession

MAX_TEXTS = 12


def question_labels(questions: tuple[Question, ...]) -> dict[str, str]:
    """Numbered, so a question asked twice (before and after) stays two distinct choices."""
    when = {Measure.pre: _("{question} (at the start)"), Measure.post: _("{question} (at the end)")}
    return {
        q.id: f"{n}. " + (when[q.measure].format(question=q.text) if q.measure else q.text)
        for n, q in enumerate(questions, start=1)
    }


def group_results(session: WorkshopSession, snapshot: SurveySnapshot) -> None:
    if not session.settings.show_results_to_participants:
        return
    from ui.shared import (
        live_results,  # the released snapshot, through the shared cache
    )

    labels = question_labels(snapshot.survey.questions)
    st.header(_("How the group answered"), anchor=False)  # h2 under the h1 "Thank you"
    st.caption(results.release_rule_text(DisclosurePolicy.for_session(session.settings)))
    chosen = st.selectbox(
        _("Question"), list(labels), format_func=labels.__getitem__, key="results_item"
    )
    question = snapshot.survey.question(chosen) if chosen else None
    if question is None:
        return
    st.markdown(f"**{question.text}**")  # authored; the select box cuts long questions short
    view = live_results.released(session, question)
    if view is None:
        st.caption(
            _(
                "The facilitator has not shared results for this question yet. "
                "They appear here once they do."
            )
        )
        st.button(_("Check again"), key="results_check", icon=":material/refresh:")
        return
    if not view.ready:
        st.caption(not_yet_text(view.k))
        return
    st.caption(results.responded_text(view))
    if view.cloud is not None:
        for line in results.cloud_lines(view, MAX_TEXTS):
            st.text(line)  # participants' words: plain text only
        for line in cloud_notes(view.cloud):
            st.caption(line)
    RESULTS[analysis_kinds.spec(question.kind).view](question, view)


def _texts(question: Question, view: QuestionView) -> None:
    """Approved free text under the cloud; a words item has the cloud alone."""
    if not workshop_kinds.moderated(question):
        return
    lines = list(view.texts)
    if not lines:
        st.caption(_("No written answers have been shared yet."))
    for line in lines[:MAX_TEXTS]:
        st.text(line)  # what participants wrote: plain text only


def _ranking(question: Question, view: QuestionView) -> None:
    for place, line in enumerate(results.ranking_lines(view), start=1):
        st.text(f"{place}. {line}")
    if view.declined:
        st.caption(f"{_(PREFER_NOT_TO_ANSWER)}: {i18n.number(view.declined)}.")


def _counts(question: Question, view: QuestionView, *, median: bool = False) -> None:
    breakdown = view.breakdown
    if breakdown is not None and breakdown.withheld:
        st.caption(_(breakdown.reason))
        return
    for row in results.category_rows(view):
        st.progress(row.share, text=row.text)
    median_text = results.median_text(view) if median else None
    if median_text is not None:
        st.caption(median_text)


def _numbers(question: Question, view: QuestionView) -> None:
    _counts(question, view, median=True)


# One way to list a released result per live view rule (analysis/kinds.py).
RESULTS: dict[View, Callable[[Question, QuestionView], None]] = {
    View.categories: _counts,
    View.numbers: _numbers,
    View.ranking: _ranking,
    View.cloud: _texts,
}
