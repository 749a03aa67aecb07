"""The report download and the pooled view of several sessions (forest plot, per-session table).

The work is done by analysis.report, analysis.pooling and analysis.forest; this
module only lays it out. Reports are made on request (a button), not on every rerun:
a report renders a chart per question.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import streamlit as st

from analysis import pooling, prepost_wording, report
from analysis.report import appendix
from analysis.report.wording import column
from ui.shared.language import display_name
from ui.shared.runtime import engine
from workshop import i18n
from workshop.errors import WorkshopError
from workshop.i18n import N_, _


def report_download(session_ids: Sequence[int], *, key: str) -> None:
    """A button that makes the HTML report, then a download button for it."""
    ids = list(session_ids)
    state_key = f"{key}_html"
    include_text = st.checkbox(
        _("Include approved free text"),
        key=f"{key}_text",
        disabled=len(ids) > 1,
        help=_("Only answers you approved for the screen; never in a pooled report."),
    )
    languages = i18n.catalog_languages()
    room = report.default_language(engine(), ids)  # what the room read, to start with
    language = (
        st.selectbox(
            _("Report language"),
            languages,
            index=languages.index(room),
            format_func=display_name,
            key=f"{key}_lang",
            help=_("The report's own words; question and answer texts stay as written."),
        )
        if len(languages) > 1
        else i18n.SOURCE
    )
    wanted = (tuple(ids), language)
    if st.button(_("Make the report (HTML)"), key=f"{key}_make", icon=":material/description:"):
        today = datetime.now(UTC).date()
        try:
            with st.spinner(_("Drawing the report's charts…")), i18n.using(language):
                content = report.build(engine(), ids, include_text=include_text, created=today)
                st.session_state[state_key] = (
                    wanted,
                    report.render(content),
                    report.filename(content, today),
                )
        except WorkshopError as exc:
            st.error(str(exc))
    made = st.session_state.get(state_key)
    if made and made[0] == wanted:
        html_bytes = made[1].encode()
        st.download_button(
            _("Download the report"),
            data=lambda: html_bytes,  # deferred, like the export zip: made on click, swept after
            file_name=made[2],
            mime="text/html",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
            key=f"{key}_download",
        )
        st.caption(_("Open it in a browser; print it to PDF from there (it has print styles)."))


EFFECT_NOTE = N_(
    "Effect: the matched-pairs rank-biserial r, from -1 (everyone lower after) to +1 (everyone "
    "higher after), with a 95% bootstrap interval; p from the Wilcoxon signed-rank test. "
    "Single-choice items are scored by option position, which has no direction."
)


def _table(rows: Sequence[dict[str, object]]) -> None:
    """Rows of figures under column heads in the language in use (the data keeps English)."""
    st.dataframe(
        [{column(name): value for name, value in row.items()} for row in rows],
        hide_index=True,
        width="stretch",
    )


def statistics_tables(rows: Sequence[prepost_wording.Statistics]) -> None:
    """The researchers' before/after figures: scales and knowledge items apart, no ids."""
    scales = [row.figures for row in rows if not row.knowledge]
    knowledge = [row.figures for row in rows if row.knowledge]
    if scales:
        st.markdown(_("**Ratings and scales**"))
        _table(scales)
    if knowledge:
        st.markdown(_("**Knowledge items (scored right or wrong)**"))
        _table(knowledge)
        st.caption(_(prepost_wording.KNOWLEDGE_NOTE))
    st.caption(_(EFFECT_NOTE))


def pooled_view(session_ids: Sequence[int]) -> None:
    """Per-session table, pooled before/after and a forest plot per construct."""
    chosen = [pooling.read_session(engine(), sid) for sid in dict.fromkeys(session_ids)]
    if len({s.facts.survey_id for s in chosen}) > 1:
        st.info(_("These sessions used different surveys; choose sessions of one survey to pool."))
        return
    shared = pooling.shared_items([s.survey for s in chosen])
    st.subheader(_("Sessions side by side"))
    st.dataframe(
        pooling.sessions_table(chosen).rename(columns=column), hide_index=True, width="stretch"
    )
    if shared.excluded:
        # By label, as every other line here (the report's appendix lists the ids).
        asked = {q.id: q for s in reversed(chosen) for q in s.survey.questions}
        left_out = (
            f"{prepost_wording.short_label(asked[item]) if item in asked else item} ({why})"
            for item, why in shared.excluded.items()
        )
        st.caption(
            _(
                "Pooled only on questions asked with the same codes and wording in every "
                "session. Left out: {questions}"
            ).format(questions="; ".join(left_out))
        )
    both = pooling.prepost_pooled(engine(), chosen, shared)
    if both.pooled.empty:
        st.info(_("These sessions share no question asked both before and after the modules."))
        return
    st.subheader(_("Before and after, pooled"))
    statistics_tables(prepost_wording.statistics(both.pooled, chosen[0].survey))
    st.subheader(_("Effect per session (forest plot)"))
    for plot in appendix.forest_plots(both, chosen[0].survey):
        st.altair_chart(plot.chart(), width="stretch")
    st.caption(
        _(
            "Squares: each session's mean change with its {level} interval; diamond: the pooled "
            "random-effects (DerSimonian-Laird) estimate. Sessions with fewer than k pairs are "
            "left out of every pooled figure."
        ).format(level=i18n.percent(0.95))
    )
