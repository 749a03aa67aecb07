"""The report's own words, in the language in use (`workshop.i18n.using`).

The template (analysis.report.template) holds markup only; every sentence and
heading it shows is built here with `_()`/`ngettext()`, so `pybabel extract`
finds them and a Spanish report reads Spanish. Figures inside a sentence are
written with `i18n.number` and dates with `i18n.day`. Question and option texts
are authored content and stay as the survey has them.
"""

from __future__ import annotations

from analysis.report.content import ReportContent
from workshop import i18n
from workshop.i18n import N_, _, ngettext, pgettext

# Column heads of tables made elsewhere in English (the researchers' statistics, the
# per-session table), which staff pages and tests read by these names: the report
# translates them where it draws them (`column`).
COLUMNS = frozenset(
    (
        N_("Question"),
        N_("Pairs"),
        N_("Mean change"),
        N_("Median change"),
        N_("Rank-biserial r"),
        N_("95% CI of r"),
        N_("Wilcoxon p"),
        N_("Unmatched"),
        N_("Change in answers correct"),
        N_("Session"),
        N_("Date"),
        N_("Survey"),
        N_("Joined"),
        N_("Consented"),
        N_("Finished"),
    )
)


def column(name: object) -> str:
    """A table's column head in the language in use (unknown names as they are)."""
    text = str(name)
    return _(text) if text in COLUMNS else text


def people(n: int) -> str:
    """ "1 person" / "3 people", with the number in the language's style."""
    return ngettext("{n} person", "{n} people", n).format(n=i18n.number(n))


def responded(n: int) -> str:
    return ngettext("{n} responded.", "{n} responded.", n).format(n=i18n.number(n))


def _who_took_part(report: ReportContent) -> str:
    sessions = list(report.sessions)
    joined = sum(s.joined for s in sessions)
    consented = i18n.number(sum(s.consented for s in sessions))
    finished = i18n.number(sum(s.finished for s in sessions))
    if len(sessions) == 1:
        return ngettext(
            "{joined} person joined with the session code, {consented} agreed to take part "
            "and {finished} answered to the end.",
            "{joined} people joined with the session code, {consented} agreed to take part "
            "and {finished} answered to the end.",
            joined,
        ).format(joined=i18n.number(joined), consented=consented, finished=finished)
    return _(
        "{sessions} sessions of the same survey, taken together: {joined} joined, "
        "{consented} agreed to take part and {finished} answered to the end."
    ).format(
        sessions=i18n.number(len(sessions)),
        joined=people(joined),
        consented=consented,
        finished=finished,
    )


def front(report: ReportContent) -> dict[str, str]:
    """The front part's headings and sentences."""
    k = report.k
    return {
        "who": _("Who took part"),
        "who_took_part": _who_took_part(report),
        "pooled_same_way": _("Only the questions every session asked the same way are shown."),
        "nobody_named": ngettext(
            "Nobody gave a name. Every figure below is a group total, and a group smaller than "
            "{k} person is never shown.",
            "Nobody gave a name. Every figure below is a group total, and a group smaller than "
            "{k} people is never shown.",
            k,
        ).format(k=i18n.number(k)),
        "knew": _("What the room knew"),
        "question": _("Question"),
        "right_answer": _("Right answer"),
        "how_many_correct": _("How many answered correctly"),
        "changed": _("Before and after the modules"),
        "said": _("What the room answered"),
        "not_pooled_kinds": _(
            "Number, slider, ranking, word and free-text questions are not pooled across "
            "sessions (their bins and words differ from room to room); each session's own "
            "report shows them."
        ),
        "appendix_has": _(
            "The appendix has every question's chart and the statistics for researchers."
        ),
    }


def appendix(report: ReportContent) -> dict[str, str]:
    """The appendix's headings and fixed paragraphs (parts A to C)."""
    k = i18n.number(report.k)
    return {
        "appendix": _("Appendix for researchers"),
        "appendix_intro": _(
            "The detail behind the pages above: every question's chart and counts, the "
            "before/after statistics, item statistics, how the figures were made, and the ids "
            "that match the data export."
        ),
        "every": _("A. Every question, as the room saw it"),
        "chart": _("Chart: {title}"),
        "answer": _("Answer"),
        "people": _("People"),
        "share": pgettext("a proportion of people", "Share"),
        "word": _("Word"),
        "people_who_gave_it": _("People who gave it"),
        "approved_answers": _("Approved answers (in no particular order):"),
        "effects": _("B. Before and after: effect sizes"),
        "effect_caption": _(
            "How far answers moved between before and after, per question: the matched-pairs "
            "rank-biserial r (−1 to +1) with its {level} interval. For a knowledge item, to the "
            "right means more people answered correctly after the modules."
        ).format(level=i18n.percent(0.95)),
        "scales": _("Ratings and scales"),
        "knowledge_items": _("Knowledge items (scored right or wrong)"),
        "per_session": _("Effect per session (forest plots)"),
        "forest_plot": _("Forest plot: {title}"),
        "items": _("C. Item statistics"),
        "items_intro": _(
            "How well each knowledge item and multi-item scale worked. Difficulty is the share "
            'who gave the keyed answer, of those who answered ("don\'t know" counts as not '
            'correct; "prefer not to answer" is left out). Item-rest correlation is the item\'s '
            "correlation with the sum of the other items (discrimination: near 0 or negative "
            "means the item does not go with the rest). KR-20 and Cronbach's alpha describe the "
            "consistency of the items as a scale, over the people who answered every one of them."
        ),
        "retro_title": _('Retrospective "before" ratings'),
        "retro_note": _(
            "were asked after the modules about how things were before: reported apart from "
            "the pre-test, since looking back is not the same measurement."
        ),
        "answered_correctly": _("Answered correctly"),
        "item_rest": _("Item-rest correlation"),
        "not_shown_note": _(
            '"Not shown": the figure would reveal a group smaller than {k}, or counts that the '
            "question's chart in part A hides."
        ).format(k=k),
    }


def methods(report: ReportContent) -> dict[str, str]:
    """Part D (methods and anonymization), part E (ids) and the footer."""
    k = i18n.number(report.k)
    return {
        "methods": _("D. Methods and anonymization"),
        "session": _("Session"),
        "date": _("Date"),
        "survey": _("Survey"),
        "survey_version": _("{title} ({id}, version {version})"),
        "smallest_k": _("Smallest group shown (k)"),
        "joined": _("Joined"),
        "consented": _("Consented"),
        "finished": _("Finished"),
        "pooled_k": _(
            "{n} sessions pooled. Each session's own k applies to its own figures; a pooled "
            "figure is shown only where every session shows its part."
        ).format(n=i18n.number(len(report.sessions))),
        "left_out": _(
            "Pooled only on the questions asked with the same codes and wording in every "
            "session. Left out:"
        ),
        "all_shared": _(
            "Every question was asked with the same codes and wording in every session."
        ),
        "anonymous": _(
            "Participants joined anonymously with a session code: no names, e-mail addresses or "
            "IP addresses are stored. Only people who consented are counted in the answers."
        ),
        "display_rules": _(
            "Every chart follows the rules of the live display in the room: nothing about a "
            "question is shown until at least k people answered it; small groups (fewer than k) "
            'are shown as "fewer than k", and a further group is hidden where a small one could '
            "be worked out by subtraction. This report shows what the room could see on the "
            "projector once every answer was in."
        ),
        "word_lists": _("Word lists show only words given by at least k different people."),
        "free_text": _(
            "Free-text answers appear only where the facilitator approved them for the screen, "
            "in no particular order."
        )
        if report.include_text
        else _("Free-text answers are left out."),
        "before_after": _(
            "Before and after: only people who answered a question both times count. The effect "
            "is the matched-pairs rank-biserial correlation (−1 to +1) with a 95% bootstrap "
            "interval and a Wilcoxon signed-rank test; a question with fewer than k pairs shows "
            "no figure. Knowledge items score 1 for the right answer and 0 for any other, so "
            "their change is in percentage points answering correctly. The front part's "
            '"x of n answered correctly" counts are the charts\' own: everyone who answered the '
            "item, pairs or not."
        ),
        "pooling": _(
            "Pooling: per-session effects are mean changes in scale points with normal-theory "
            "{level} intervals; the pooled estimate is a DerSimonian-Laird random-effects "
            "meta-analysis (statsmodels). A session with fewer than k pairs is left out of every "
            "pooled figure."
        ).format(level=i18n.percent(0.95)),
        "item_statistics": _(
            "Item statistics: a figure resting on fewer than k people is not shown; a share "
            "answering correctly is shown only where the question's own chart shows the same "
            "counts and neither those right nor those not right are fewer than k; the number of "
            "people behind a figure (and an interval, which would give it away) is not shown when "
            "fewer than k people are left out of it. Item-rest correlations, KR-20 and alpha "
            "(with an F-distribution {level} interval) use only people who answered every item of "
            "the scale."
        ).format(level=i18n.percent(0.95)),
        "small_sample": _(
            "A workshop is a small sample: these figures describe the rooms, they do not prove "
            "that the modules work."
        )
        if report.pooled
        else _(
            "A workshop is a small sample: these figures describe the room, they do not prove "
            "that the modules work."
        ),
        "ids": _("E. Item ids in the data export"),
        "before_after_columns": _("Before → after (export columns)"),
        "footer": ngettext(
            "Workshop report made {made}. Groups smaller than {k} person are never shown.",
            "Workshop report made {made}. Groups smaller than {k} people are never shown.",
            report.k,
        ).format(made=i18n.day(report.created), k=k),
    }


def title(report: ReportContent) -> tuple[str, str]:
    """The report's title and the line under it."""
    first = report.sessions[0]
    when = i18n.day(first.date)
    if report.pooled:
        name = _("Workshop report: {n} sessions pooled").format(n=i18n.number(len(report.sessions)))
        dates = sorted({s.date for s in report.sessions})
        if len(dates) > 1:
            when = _("{first} to {last}").format(first=i18n.day(dates[0]), last=i18n.day(dates[-1]))
    else:
        name = _("Workshop report: {title}").format(title=first.title)
    return name, f"{first.survey_title}, {when}"


def texts(report: ReportContent) -> dict[str, str]:
    """Every fixed text of the report, for the template's `t`."""
    return {**front(report), **appendix(report), **methods(report)}
