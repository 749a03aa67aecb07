"""Facilitator: what changed between the questions before and after the modules."""

from __future__ import annotations

import streamlit as st

from analysis import charts, prepost_wording
from analysis import kinds as analysis_kinds
from analysis.kinds import Terms
from ui.shared import chart_summary
from ui.shared.live_results import before_and_after, published
from ui.shared.runtime import engine
from ui.staff.auth import require_staff
from ui.staff.common import projector_styles, session_or_stop
from ui.staff.research_report import report_download
from workshop import sessions

require_staff()

st.set_page_config(layout="wide")  # the projector: the table's columns need the width
projector_styles()
# Static CSS: large type for the room; the question's label above its one-line reading.
st.markdown(
    """<style>
.st-key-prepost_intro p {font-size: 1.5rem;}
[class*="st-key-prepost_line_"] [data-testid="stText"] {font-size: 1.9rem; line-height: 1.3;}
[class*="st-key-prepost_line_"] [data-testid="stElementContainer"]:first-child
  [data-testid="stText"] {font-weight: 700;}
[class*="st-key-prepost_line_"] {border-bottom: 1px solid #D5DBD8; padding-bottom: .5rem;}
</style>""",
    unsafe_allow_html=True,
)
st.title("Before and after")
session = session_or_stop()
with st.sidebar:
    report_download([session.id], key="results_report")

k = session.settings.k
survey = sessions.get_snapshot(engine(), session.id).survey
results = before_and_after(session)  # batched and rounded like the charts
if results.empty:
    st.info("This session's survey asks no question both before and after the modules.")
else:
    with st.container(key="prepost_intro"):
        st.markdown(
            "The same questions, asked before and after the modules. Only people who "
            f"answered both times count, and a question is shown once at least {k} did."
        )
    with st.container(key="prepost_lines"):
        for index, line in enumerate(prepost_wording.lines(results, survey, k)):
            with st.container(key=f"prepost_line_{index}"):
                st.text(line.label)
                st.text(line.sentence)
    if note := prepost_wording.noise_note(results):
        st.caption(note)

    if not results["suppressed"].all():
        st.altair_chart(charts.prepost(results, survey, k), width="stretch")
        chart_summary.render(
            charts.PREPOST_TITLE, prepost_wording.chart_summary(results, survey, k), key="prepost"
        )

    with st.expander("For researchers: the statistics"):
        st.dataframe(
            prepost_wording.researcher_rows(results, survey), hide_index=True, width="stretch"
        )
        st.caption(
            "Effect: the matched-pairs rank-biserial r, from -1 (everyone lower after) to +1 "
            "(everyone higher after), with a 95% bootstrap interval; p from the Wilcoxon "
            "signed-rank test. Single-choice items are scored by option position, which has "
            "no direction; the knowledge score counts answers matching the keyed answer."
        )
    st.caption(
        f"k = {k}. One workshop is a small sample: treat these as a description of this "
        "room, not as proof that the modules work."
    )

# Words items: the same k-threshold words as the cloud, as a sorted bar chart.
word_items = [q for q in survey.questions if analysis_kinds.spec(q.kind).terms is Terms.phrases]
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
