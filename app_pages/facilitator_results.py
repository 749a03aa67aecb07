"""Facilitator: what changed between the questions before and after the modules."""

from __future__ import annotations

import streamlit as st

from analysis import charts, prepost, prepost_wording
from ui import chart_summary
from ui.auth import require_staff
from ui.facilitator_common import choose_session, projector_styles
from ui.runtime import engine
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
with st.sidebar:
    session = choose_session()
if session is None:
    st.stop()

k = session.settings.k
survey = sessions.get_snapshot(engine(), session.id).survey
results = prepost.for_sessions(engine(), [session.id])
if results.empty:
    st.info("This session's survey asks no question both before and after the modules.")
    st.stop()

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

if not results["suppressed"].all():
    st.altair_chart(charts.prepost(results, survey, k), width="stretch")
    chart_summary.render(
        charts.PREPOST_TITLE, prepost_wording.chart_summary(results, survey, k), key="prepost"
    )

with st.expander("For researchers: the statistics"):
    st.dataframe(prepost_wording.researcher_rows(results, survey), hide_index=True, width="stretch")
    st.caption(
        "Effect: the matched-pairs rank-biserial r, from -1 (everyone lower after) to +1 "
        "(everyone higher after), with a 95% bootstrap interval; p from the Wilcoxon "
        "signed-rank test. Knowledge and single-choice items are scored by option "
        "position, which has no direction."
    )
st.caption(
    f"k = {k}. One workshop is a small sample: treat these as a description of this "
    "room, not as proof that the modules work."
)
