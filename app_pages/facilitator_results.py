"""Facilitator: what changed between the questions before and after the modules."""

from __future__ import annotations

import streamlit as st

from analysis import charts
from analysis import results as results_view
from ui.auth import require_staff
from ui.facilitator_common import choose_session
from ui.facilitator_live import before_and_after, published
from ui.research_report import report_download
from ui.runtime import engine
from workshop import sessions
from workshop.content import QuestionKind

require_staff()

st.title("Before and after")
st.caption(
    "Each pair is the same question asked before and after the modules. Only people who "
    "answered both count. A pair with fewer than k people is not shown. The effect runs "
    "from -1 (everyone moved down) to +1 (everyone moved up)."
)
with st.sidebar:
    session = choose_session()
if session is None:
    st.stop()
with st.sidebar:
    report_download([session.id], key="results_report")

survey = sessions.get_snapshot(engine(), session.id).survey
results = before_and_after(session)  # batched and rounded like the charts
if results.empty:
    st.info("This session's survey asks no question both before and after the modules.")
else:
    st.altair_chart(charts.prepost(results), width="stretch")
    rows = results_view.prepost_rows(results, survey)
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(
        f"k = {session.settings.k}. One workshop is a small sample: treat these as a "
        "description of this room, not as proof that the modules work."
    )

# Words items: the same k-threshold words as the cloud, as a sorted bar chart.
word_items = [q for q in survey.questions if q.kind is QuestionKind.words]
if word_items:
    st.subheader("Words")
    for question in word_items:
        view = published(session, question).view
        st.markdown(f"**{question.text}**")
        chart = charts.word_bar_chart(view) if view.ready else None
        if chart is not None:
            st.altair_chart(chart, width="stretch", key=f"results_words_{question.id}")
        for note in charts.notes(view):
            st.caption(note)
