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
