"""responses.sav: the wide table for SPSS, with variable labels, value labels and
user-missing codes.

SPSS cannot mix text codes into a numeric variable, so in numeric variables the
missing-value codes become negative numbers declared as user-missing. Choice
items with text codes ("yes", "18_24") become numbered categories 1..n in
option order; each value label names the code it stands for.
"""

from __future__ import annotations

from typing import Any

from analysis.dataset import Missing

from . import statfile
from .columns import Column

SPSS_MISSING: dict[Missing, int] = {
    Missing.declined: -91,
    Missing.not_reached: -92,
    Missing.skipped: -93,
    Missing.not_asked: -94,
    Missing.suppressed: -95,
}


def spss_name(name: str, taken: set[str]) -> str:
    """SPSS names: letters, digits and _ . @ # $; start with a letter; at most 64 bytes."""
    return statfile.unique_name(name, taken, length=60, suffixed=56, first=str.isalpha)


def _measure(column: Column) -> str:
    kind = column.flags.get("kind")
    if kind in ("likert", "ranking"):
        return "ordinal"
    if kind in ("number", "slider") and not column.categories:
        return "scale"
    return "nominal"


def to_sav(columns: list[Column], rows: list[list[object]]) -> bytes:
    out = statfile.Variables.named(columns, spss_name)
    missing_ranges: dict[str, list[Any]] = {}  # pyreadstat's {"lo", "hi"} ranges
    measures: dict[str, str] = {}
    user_missing = {"lo": min(SPSS_MISSING.values()), "hi": max(SPSS_MISSING.values())}
    missing_labels: dict[int | float, str] = {
        float(SPSS_MISSING[m]): m.label[:120] for m in Missing
    }
    for index, (column, name) in enumerate(zip(columns, out.names, strict=True)):
        cells = [row[index] for row in rows]
        out.labels[name] = column.title[:250]
        if statfile.is_text(column):
            out.data[name] = statfile.text_cells(cells)
            continue
        position = statfile.positions(column) if statfile.is_coded(column) else None
        codes: dict[int | float, str]
        if position is not None:
            codes = {position[str(v)]: f"{label} [{v}]"[:120] for v, label in column.categories}
        elif column.type == "boolean":
            codes = {0.0: "false", 1.0: "true"}
        else:
            codes = {float(v): label for v, label in column.categories}  # type: ignore[arg-type]  # a numeric column's categories are numbers
        out.data[name] = statfile.numeric_cells(
            cells, position, lambda reason: float(SPSS_MISSING[reason])
        )
        missing_ranges[name] = [user_missing]
        out.value_labels[name] = {**codes, **missing_labels}
        measures[name] = _measure(column)
    return out.write(
        "sav",
        missing_ranges=missing_ranges,
        variable_measure=measures,
    )
