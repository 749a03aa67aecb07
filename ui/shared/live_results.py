"""Live results for the facilitator: one cached aggregate per session and refresh interval.

Every viewer of a session in this process shares the same SQL aggregate for a
REFRESH_SECONDS time bucket, so a room full of dashboards costs one set of
queries per interval, and counts move in steps, not tap by tap.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

import streamlit as st

from analysis import chart_text, charts, knowledge_reveal, live, words
from analysis.disclosure import DisclosurePolicy, catching_up_text
from ui.shared import chart_summary
from ui.shared.runtime import app_settings, engine
from workshop import kinds as workshop_kinds
from workshop import published as published_results
from workshop import session_settings, sessions
from workshop.content import Question, Survey
from workshop.i18n import _, ngettext
from workshop.sessions import WorkshopSession

if TYPE_CHECKING:
    import pandas as pd

REFRESH_SECONDS = 3
MAX_TEXTS = 12  # what fits on the presenter's screen
ROOM_TEXTS = 8  # what fits on the projector at 1280x720 beside the question


@st.cache_data(ttl=REFRESH_SECONDS * 5, max_entries=256, show_spinner=False)
def _aggregates(database_url: str, session_id: int, bucket: int) -> live.SessionAggregates:
    survey = sessions.get_snapshot(engine(), session_id).survey
    return live.collect(engine(), session_id, survey)


def aggregates_now(session_id: int) -> live.SessionAggregates:
    bucket = int(time.time() // REFRESH_SECONDS)
    return _aggregates(app_settings().database_url, session_id, bucket)


@st.cache_data(ttl=REFRESH_SECONDS * 5, max_entries=256, show_spinner=False)
def _stored(
    database_url: str, session_id: int, scope: published_results.Scope, bucket: int
) -> dict[str, published_results.Stored]:
    return published_results.read(engine(), session_id, scope)


def stored_now(
    session_id: int, scope: published_results.Scope = published_results.Scope.live
) -> dict[str, published_results.Stored]:
    """Every stored batch of a session: one cached read per session and refresh interval."""
    bucket = int(time.time() // REFRESH_SECONDS)
    return _stored(app_settings().database_url, session_id, scope, bucket)


def batched_views() -> live.BatchedViews:
    """Batches in the database, read through the cache above; a new batch drops the cache."""
    return live.BatchedViews(live.DatabaseBatchStore(engine(), stored_now, _stored.clear))


def published(session: WorkshopSession, question: Question) -> live.Published:
    data = aggregates_now(session.id)
    seed = int(time.time() // (REFRESH_SECONDS * 10))  # text order changes now and then
    policy = DisclosurePolicy.for_session(session.settings)
    result = batched_views().current(session.id, question, data, policy, seed=seed)
    return live.without_hidden_words(result, session.settings.hidden_words)


def knowledge_line(
    session: WorkshopSession, survey: Survey, question: Question, result: live.Published
) -> str | None:
    """For a knowledge item: "x of n answered correctly", before and after for a post item."""
    twin = knowledge_reveal.pre_twin(survey, question)
    before = published(session, twin).view if twin is not None else None
    return knowledge_reveal.reveal_line(result.view, before)


def release_results(session: WorkshopSession) -> int:
    """Publish every question's current batch and release that snapshot to participants.

    Returns how many questions the snapshot holds (those at least k answered).
    """
    for question in sessions.get_snapshot(engine(), session.id).survey.questions:
        published(session, question)  # stores a batch for any question now due one
    _stored.clear()
    count = published_results.release(engine(), session.id)
    _stored.clear()
    return count


def released(session: WorkshopSession, question: Question) -> live.QuestionView | None:
    """The question as last released to participants (None: not released)."""
    stored = stored_now(session.id, published_results.Scope.released).get(question.id)
    policy = DisclosurePolicy.for_session(session.settings)
    texts = aggregates_now(session.id).approved_texts.get(question.id, ())  # approved now
    view = live.released_view(question, session.id, stored, policy, texts=texts)
    if view is None or view.cloud is None:
        return view
    return replace(view, cloud=words.without(view.cloud, session.settings.hidden_words))


def is_revealed(session: WorkshopSession, item_id: str) -> bool:
    return item_id in session.settings.revealed_items


def set_revealed(session: WorkshopSession, item_id: str, revealed: bool) -> WorkshopSession:
    # The chart stays on its batch (see live.BatchedViews): reveal never resets it.
    return session_settings.set_revealed(engine(), session.id, item_id, revealed)


def set_word_hidden(session: WorkshopSession, word: str, hidden: bool) -> WorkshopSession:
    """Take a word off (or put it back on) this session's word clouds; answers are kept."""
    return session_settings.set_word_hidden(engine(), session.id, word, hidden)


def render_results(
    result: live.Published, *, style: charts.Style, key: str, as_bars: bool = False
) -> None:
    """A revealed question's chart (or text list) for staff, with plain-language notes.

    No Markdown for answers. Present draws one only for a word cloud's exact counts: its
    preview shows the room's own screen (ui/staff/preview.py).
    """
    _draw(result, style=style, key=key, as_bars=as_bars, for_room=False)


def render_stage_results(result: live.Published, *, style: charts.Style, key: str) -> None:
    """A revealed question on the audience screen: the chart fills the stage's chart area.

    The same charts as the presenter's, with the room's wording (no staff hints),
    the text list cut to what one projected screen holds, and at most one line of notes.
    """
    with st.container(key="stage_chart"):
        _draw(result, style=style, key=key, as_bars=False, for_room=True)


def _draw(
    result: live.Published, *, style: charts.Style, key: str, as_bars: bool, for_room: bool
) -> None:
    view = result.view
    chart = charts.build_chart(view, style)
    drawn = None
    if chart is not None:
        # On the stage the chart fills the height the layout leaves it (no scrolling).
        st.altair_chart(
            chart, width="stretch", height="stretch" if for_room else "content", key=key
        )
    elif view.ready and view.cloud is not None:
        drawn = charts.word_bar_chart(view, style) if as_bars else charts.cloud_chart(view, style)
        if drawn is not None:
            with st.container(key="stage_cloud" if for_room else "present_cloud"):
                st.altair_chart(drawn, width="content" if not as_bars else "stretch", key=key)
    if chart is not None or drawn is not None:
        chart_summary.render(chart_text.title(view), chart_text.summary(view), key=key)
    if view.ready and workshop_kinds.moderated(view.question):
        lines = charts.text_lines(view)
        shown = ROOM_TEXTS if for_room else MAX_TEXTS
        with st.container(key="stage_texts" if for_room else "present_texts"):
            if not lines:
                st.markdown(
                    _("No answers to show yet.")
                    if for_room
                    else _("No approved answers yet. Approve some on the Moderate page.")
                )
            columns = st.columns(2)
            for index, line in enumerate(lines[:shown]):
                columns[index % 2].text(line)  # plain text: never Markdown or HTML
            if len(lines) > shown:
                more = len(lines) - shown
                st.markdown(ngettext("…and {n} more.", "…and {n} more.", more).format(n=more))
    notes = charts.notes(view)
    if result.is_behind:
        notes.append(catching_up_text(view.responded, view.k))
    with st.container(key="stage_notes" if for_room else "present_notes"):
        for note in [" · ".join(notes)] if for_room and notes else notes:
            st.markdown(note)


def before_and_after(session: WorkshopSession) -> pd.DataFrame:
    """The session's pre/post table, batched and rounded (analysis/prepost_live.py)."""
    from analysis import prepost_live  # scipy only on the page that needs it

    shown, stored_new = prepost_live.publish(engine(), session, stored_now(session.id))
    if stored_new:
        _stored.clear()
    return shown
