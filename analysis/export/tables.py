"""The export's fixed tables, each declared once.

A table's fields are both its codebook entry and its CSV header.

responses_wide.csv takes its columns from columns.py instead (one per item and option).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.prepost import BOOTSTRAP_RESAMPLES

from .anonymize import neutralize
from .columns import format_cell
from .report import Report


@dataclass(frozen=True)
class Field:
    """A column of a fixed table, as the codebook describes it."""

    name: str
    type: str
    title: str
    description: str | None = None
    enum: tuple[str, ...] | None = None

    def descriptor(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "type": self.type, "title": self.title}
        if self.description is not None:
            out["description"] = self.description
        if self.enum is not None:
            out["constraints"] = {"enum": list(self.enum)}
        return out


def header(fields: Sequence[Field]) -> list[str]:
    return [f.name for f in fields]


# One row per summary cell; the order of summary.summary_rows.
SUMMARY_FIELDS: tuple[Field, ...] = (
    Field("item", "string", "Item", "Item id (column in responses_wide.csv)."),
    Field(
        "category",
        "string",
        "Category",
        "Option code, 'answered', 'all', a missing-value reason, a word (words and text "
        "items) or 'words_below_k'.",
    ),
    Field("label", "string", "Label", "What the category means."),
    Field(
        "statistic",
        "string",
        "Statistic",
        "count, percent (of those who answered), mean, median, sd, mean_rank; for words "
        "and text items word_participants (participants who gave the word; only words "
        "given by at least k) and words_hidden (how many other words were left out).",
    ),
    Field(
        "value",
        "number",
        "Value",
        "Counts from 1 to k-1 and any count that would reveal one are SUPPRESSED.",
    ),
)

# One row per construct: the columns of analysis.prepost.table.
PREPOST_FIELDS: tuple[Field, ...] = (
    Field("construct", "string", "Construct", "Id shared by the pre and the post item."),
    Field("pre_item", "string", "Item asked before", "Column in responses_wide.csv."),
    Field("post_item", "string", "Item asked after", "Column in responses_wide.csv."),
    Field("pairs", "integer", "Pairs", "Participants who answered both items."),
    Field(
        "unmatched_rate",
        "number",
        "Unmatched rate",
        "Share of participants who answered only one of the two (0 to 1).",
    ),
    Field("mean_change", "number", "Mean change", "Mean of post minus pre."),
    Field("median_change", "number", "Median change", "Median of post minus pre."),
    Field(
        "wilcoxon_statistic",
        "number",
        "Wilcoxon W",
        "Wilcoxon signed-rank statistic (scipy; zero differences dropped).",
    ),
    Field("p_value", "number", "p value", "Two-sided p value of the Wilcoxon test."),
    Field(
        "rank_biserial",
        "number",
        "Rank-biserial r",
        "Matched-pairs rank-biserial correlation, -1 to 1; positive means higher after.",
    ),
    Field(
        "ci_low",
        "number",
        "95% CI low",
        f"Percentile bootstrap, {BOOTSTRAP_RESAMPLES} resamples, fixed seed.",
    ),
    Field("ci_high", "number", "95% CI high", "Upper end of the same interval."),
    Field("suppressed", "boolean", "Suppressed", "true when there were fewer than k pairs."),
)


def long_fields(session_codes: Sequence[str]) -> tuple[Field, ...]:
    """One row per participant and wide column; the session codes are the allowed values."""
    return (
        Field("participant", "string", "Participant", "Same random id as in responses_wide.csv."),
        Field("session", "string", "Session join code", enum=tuple(session_codes)),
        Field("item", "string", "Item id"),
        Field(
            "option",
            "string",
            "Option code",
            "For multiple choice (value 0/1) and ranking (value = rank); else empty.",
        ),
        Field(
            "value",
            "string",
            "Value",
            "The code, number or text; see responses_wide.csv for each item's type.",
        ),
    )


def write_csv(fields: Sequence[str], rows: Sequence[Sequence[object]], report: Report) -> bytes:
    """UTF-8 CSV with CRLF line ends; every cell neutralized against spreadsheet formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        cells = []
        for value in row:
            text, changed = neutralize(format_cell(value) if value is not None else "")
            report.neutralized += changed
            cells.append(text)
        writer.writerow(cells)
    # A byte order mark tells Excel the file is UTF-8; pandas and frictionless read it too.
    return buffer.getvalue().encode("utf-8-sig")


# sessions.csv, with several sessions: one row per session (analysis.pooling.sessions_table).
SESSIONS_FIELDS: tuple[Field, ...] = (
    Field("session", "string", "Session", "Join code (the session column of the response files)."),
    Field("date", "date", "Date", "The day the session was created (no time of day)."),
    Field("survey", "string", "Survey", "Survey id and version, e.g. 'first-look v2'."),
    Field("k", "integer", "k", "The smallest group the session ever showed."),
    Field("joined", "integer", "Joined", "People who joined (withdrawn people excluded)."),
    Field("consented", "integer", "Consented", "People who gave consent."),
    Field("finished", "integer", "Finished", "People who reached the end of the survey."),
)

# forest.csv, with several sessions: columns of analysis.forest.FIELDS, in that order.
FOREST_FIELDS: tuple[Field, ...] = (
    Field("construct", "string", "Construct", "The pre/post construct (as in prepost.csv)."),
    Field(
        "session",
        "string",
        "Session",
        "Join code, or 'pooled' for the random-effects estimate over the sessions above it.",
    ),
    Field("pairs", "integer", "Pairs", "Participants with both a before and an after answer."),
    Field(
        "mean_change",
        "number",
        "Mean change",
        "Mean of after minus before, in scale points; empty with fewer than k pairs.",
    ),
    Field("std_error", "number", "Standard error", "Standard error of the mean change."),
    Field("ci_low", "number", "95% CI, lower", "Lower end of the 95% confidence interval."),
    Field("ci_high", "number", "95% CI, upper", "Upper end of the 95% confidence interval."),
    Field(
        "weight",
        "number",
        "Weight",
        "The session's share of the pooled estimate (random effects); 1 on the pooled row.",
    ),
    Field("tau_squared", "number", "tau²", "Between-session variance (pooled row only)."),
    Field("i_squared", "number", "I²", "Share of variation due to real differences (pooled row)."),
    Field("note", "string", "Note", "Why a figure is empty, or how the pooled row was made."),
)

# The two join codes that name a workshop and its follow-up, in both wave tables.
_SESSION_PAIR = (
    Field("workshop", "string", "Workshop session", "Join code of the workshop session."),
    Field("followup", "string", "Follow-up session", "Join code of the follow-up session."),
)

# waves.csv: one row per linked person and repeated item (analysis/export/waves.py).
WAVE_FIELDS: tuple[Field, ...] = (
    Field("wave_id", "string", "Person", "Random id of one linked person, new in every export."),
    *_SESSION_PAIR,
    Field("construct", "string", "Construct", "What the repeated item measures."),
    Field("item", "string", "Follow-up item", "Item id in the follow-up survey."),
    Field("pre", "string", "Before the modules", "Answer code or value in the workshop, before."),
    Field("post", "string", "After the modules", "Answer code or value in the workshop, after."),
    Field("followup_value", "string", "Follow-up", "Answer code or value in the follow-up."),
)

# waves_match.csv: how many people were linked, per follow-up.
MATCH_FIELDS: tuple[Field, ...] = (
    *_SESSION_PAIR,
    Field("workshop_participants", "integer", "In the workshop", "People in the workshop."),
    Field("opted_in", "integer", "Took a code", "Workshop participants who took a follow-up code."),
    Field("followup_participants", "integer", "In the follow-up", "People in the follow-up."),
    Field("linked", "integer", "Linked", "Follow-up participants linked by their code."),
    Field(
        "match_rate_followup",
        "number",
        "Linked share of the follow-up",
        "linked / followup_participants.",
    ),
    Field(
        "match_rate_opted_in",
        "number",
        "Linked share of those who took a code",
        "linked / opted_in.",
    ),
)

# item_stats.csv: one row per statistic (analysis.item_stats, released by analysis.item_stats_release).
ITEM_STATS_FIELDS: tuple[Field, ...] = (
    Field(
        "scale",
        "string",
        "Scale",
        "'knowledge' (the knowledge items) or the id of a multi-item likert scale "
        "(`scale` in the survey).",
    ),
    Field(
        "phase",
        "string",
        "Phase",
        "before: the pre-test, asked before any module; retrospective: a 'before' rating "
        "asked after the modules (not a pre-test); after: asked after the modules; once: "
        "asked once, no before/after.",
        enum=("before", "retrospective", "after", "once"),
    ),
    Field(
        "item",
        "string",
        "Item",
        "Item id (column in responses_wide.csv); empty on a scale's own row (kr20, alpha).",
    ),
    Field("text", "string", "Question", "The item as asked; empty on a scale's own row."),
    Field(
        "statistic",
        "string",
        "Statistic",
        "difficulty: proportion answering with the keyed answer, of those who answered "
        "('don't know' counts as not correct; 'prefer not to answer' is left out). "
        "item_total_r: corrected item-total correlation (Pearson, point-biserial for 0/1 "
        "items) of the item with the sum of the other items of the same scale and phase. "
        "kr20: Kuder-Richardson 20 of the knowledge items. alpha: Cronbach's alpha "
        "(pingouin). item_total_r, kr20 and alpha use only participants who answered "
        "every item of the scale in that phase (listwise deletion).",
        enum=("difficulty", "item_total_r", "kr20", "alpha"),
    ),
    Field("value", "number", "Value", "Empty when withheld or undefined: see reason."),
    Field(
        "ci_low",
        "number",
        "95% CI, lower",
        "alpha only: F-distribution interval (Feldt), on the complete-case n.",
    ),
    Field("ci_high", "number", "95% CI, upper", "alpha only: upper end of the same interval."),
    Field(
        "n",
        "integer",
        "n",
        "Participants the figure rests on (difficulty: who answered the item; otherwise "
        "who answered every item of the scale). Empty when it would show a group smaller than k.",
    ),
    Field("items", "integer", "Items", "Number of items in the scale and phase."),
    Field("reason", "string", "Reason", "Why a figure is empty; empty when nothing was held back."),
)
