"""Facilitator: what changed between the questions before and after the modules."""

from __future__ import annotations

import streamlit as st

from analysis import charts, prepost_wording
from analysis import kinds as analysis_kinds
from analysis.kinds import Terms
from analysis.report import front
from ui.shared import chart_summary
from ui.shared.live_results import before_and_after, published
from ui.shared.runtime import engine
from ui.staff.auth import require_staff
from ui.staff.common import projector_styles, session_or_stop
from ui.staff.research_report import report_download, statistics_tables
from workshop import sessions
from workshop.i18n import _

require_staff()

st.set_page_config(layout="wide")  # the projector: the table's columns need the width
projector_styles()
# Static CSS: large type for the room; the question's label above its one-line reading.
st.markdown(
    """<style>
.st-key-prepost_intro p, .st-key-prepost_knew p {font-size: 1.5rem;}
[class*="st-key-prepost_line_"] [data-testid="stText"] {font-size: 1.9rem; line-height: 1.3;}
[class*="st-key-prepost_line_"] [data-testid="stElementContainer"]:first-child
  [data-testid="stText"] {font-weight: 700;}
[class*="st-key-prepost_line_"] {border-bottom: 1px solid #D5DBD8; padding-bottom: .5rem;}
</style>""",
    unsafe_allow_html=True,
)
st.title(_("Before and after"))
session = session_or_stop()
with st.sidebar:
    report_download([session.id], key="results_report")

k = session.settings.k
survey = sessions.get_snapshot(engine(), session.id).survey
results = before_and_after(session)  # batched and rounded like the charts


def _line(index: int, label: str, sentence: str) -> None:
    with st.container(key=f"prepost_line_{index}"):
        st.text(label)
        st.text(sentence)


if results.empty:
    st.info(_("This session's survey asks no question both before and after the modules."))
else:
    # Knowledge items as the room's charts count them ("12 of 24 answered correctly
    # before, 18 of 24 after"), in the report's own words (analysis/report/front.py).
    asked = prepost_wording.knowledge_pairs(results, survey)
    knew = front.knowledge_lines(asked, {q.id: published(session, q).view for q in asked})
    scales = prepost_wording.scale_rows(results, survey)
    if knew:
        st.subheader(_("What the room knew"))
        with st.container(key="prepost_knew"):
            st.markdown(
                _(
                    "How many answered each knowledge question correctly, before and after the "
                    "modules, as the question's chart counts them."
                )
            )
        for index, known in enumerate(knew):
            right = _("Right answer: {answer}. {result}").format(
                answer=known.keyed, result=known.result
            )
            _line(index, known.statement, right)
    if not scales.empty:
        st.subheader(_("How answers changed"))
        with st.container(key="prepost_intro"):
            st.markdown(
                _(
                    "The same questions, asked before and after the modules. Only people who "
                    "answered both times count, and a question is shown once at least {k} did."
                ).format(k=k)
            )
        for index, line in enumerate(prepost_wording.lines(scales, survey, k), start=len(knew)):
            _line(index, line.label, line.sentence)
        if note := prepost_wording.noise_note(scales):
            st.caption(note)
        if not scales["suppressed"].all():
            st.altair_chart(charts.prepost(scales, survey, k), width="stretch")
            chart_summary.render(
                _(charts.PREPOST_TITLE),
                prepost_wording.chart_summary(scales, survey, k),
                key="prepost",
            )

    with st.expander(_("For researchers: the statistics")):
        statistics_tables(prepost_wording.statistics(results, survey))
    st.caption(
        _(
            "k = {k}. One workshop is a small sample: treat these as a description of this "
            "room, not as proof that the modules work."
        ).format(k=k)
    )

# Words items: the same k-threshold words as the cloud, as a sorted bar chart.
word_items = [q for q in survey.questions if analysis_kinds.spec(q.kind).terms is Terms.phrases]
if word_items:
    st.subheader(_("Words"))
    for question in word_items:
        view = published(session, question).view
        st.markdown(f"**{question.text}**")
        chart = charts.word_bar_chart(view) if view.ready else None
        if chart is not None:
            st.altair_chart(chart, width="stretch", key=f"results_words_{question.id}")
        for note in charts.notes(view):
            st.caption(note)
