"""Group results on the participant's end screen, when the facilitator allows it.

They are the snapshot the facilitator released ("Release results to
participants", ui.room_control), drawn through the same k threshold and
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
from analysis.kinds import View
from analysis.live import QuestionView
from analysis.results import category_rows, people_text
from analysis.words import cloud_notes
from workshop import kinds as workshop_kinds
from workshop.content import PREFER_NOT_TO_ANSWER, Measure, Question, SurveySnapshot
from workshop.sessions import WorkshopSession

MAX_TEXTS = 12


def question_labels(questions: tuple[Question, ...]) -> dict[str, str]:
    """Numbered, so a question asked twice (before and after) stays two distinct choices."""
    when = {Measure.pre: " (at the start)", Measure.post: " (at the end)"}
    return {
        q.id: f"{n}. {q.text}{when[q.measure] if q.measure else ''}"
        for n, q in enumerate(questions, start=1)
    }


def group_results(session: WorkshopSession, snapshot: SurveySnapshot) -> None:
    if not session.settings.show_results_to_participants:
        return
    from ui import facilitator_live  # the released snapshot, through the shared cache

    labels = question_labels(snapshot.survey.questions)
    st.header("How the group answered", anchor=False)  # h2 under the h1 "Thank you"
    st.caption(
        f"Totals only, and only for questions at least {session.settings.k} people "
        + (
            "answered; small groups are never shown."
            if session.settings.mask_all
            else "answered; small groups in sensitive questions are never shown."
        )
    )
    chosen = st.selectbox(
        "Question", list(labels), format_func=labels.__getitem__, key="results_item"
    )
    question = snapshot.survey.question(chosen) if chosen else None
    if question is None:
        return
    st.markdown(f"**{question.text}**")  # authored; the select box cuts long questions short
    view = facilitator_live.released(session, question)
    if view is None:
        st.caption(
            "The facilitator has not shared results for this question yet. "
            "They appear here once they do."
        )
        st.button("Check again", key="results_check", icon=":material/refresh:")
        return
    if not view.ready:
        st.caption(f"Results appear once at least {view.k} people have answered.")
        return
    people = "person" if view.responded == 1 else "people"
    st.caption(f"{view.responded} {people} responded.")
    if view.cloud is not None:
        for word, count in view.cloud.terms[:MAX_TEXTS]:
            st.text(f"{word}: {people_text(view, count)}")  # participants' words: plain text only
        for line in cloud_notes(view.cloud):
            st.caption(line)
    RESULTS[analysis_kinds.spec(question.kind).view](question, view)


def _texts(question: Question, view: QuestionView) -> None:
    """Approved free text under the cloud; a words item has the cloud alone."""
    if not workshop_kinds.moderated(question):
        return
    lines = list(view.texts)
    if not lines:
        st.caption("No written answers have been shared yet.")
    for line in lines[:MAX_TEXTS]:
        st.text(line)  # what participants wrote: plain text only


def _ranking(question: Question, view: QuestionView) -> None:
    order = sorted(view.mean_rank.items(), key=lambda item: item[1])
    for place, (code, mean) in enumerate(order, start=1):
        st.text(f"{place}. {question.label_for(code)} (average place {mean:.1f})")
    if view.declined:
        st.caption(f"{PREFER_NOT_TO_ANSWER}: {view.declined}.")


def _counts(question: Question, view: QuestionView, *, median: bool = False) -> None:
    breakdown = view.breakdown
    if breakdown is not None and breakdown.withheld:
        st.caption(breakdown.reason)
        return
    for row in category_rows(view):
        st.progress(row.share, text=row.text)
    if median and view.median is not None:
        unit = f" {question.unit}" if question.unit else ""
        st.caption(f"Middle answer (median): {view.median:g}{unit}.")


def _numbers(question: Question, view: QuestionView) -> None:
    _counts(question, view, median=True)


# One way to list a released result per live view rule (analysis/kinds.py).
RESULTS: dict[View, Callable[[Question, QuestionView], None]] = {
    View.categories: _counts,
    View.numbers: _numbers,
    View.ranking: _ranking,
    View.cloud: _texts,
}
