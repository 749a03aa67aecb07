"""responses.dta: the wide table for Stata, with variable labels, value labels and
extended missing values (.a to .e) in place of the export's missing codes.

As in responses.sav, choice items with text codes become numbered categories 1..n in
option order, each value label naming the code it stands for. Stata names are at most
32 characters (letters, digits, _), so long column names are shortened and made unique;
the variable label keeps the full question.
"""

from __future__ import annotations

from analysis.dataset import Missing

from . import statfile
from .columns import Column

STATA_MISSING: dict[Missing, str] = {
    Missing.declined: "a",
    Missing.not_reached: "b",
    Missing.skipped: "c",
    Missing.not_asked: "d",
    Missing.suppressed: "e",
}
NAME_LIMIT = 32
LABEL_LIMIT = 80  # Stata's variable and value label length


def stata_name(name: str, taken: set[str]) -> str:
    """Stata names: letters, digits and _; start with a letter or _; at most 32 characters."""
    short = NAME_LIMIT - 4  # room for a _n suffix
    return statfile.unique_name(
        name, taken, length=short, suffixed=short, first=lambda c: c.isalpha() or c == "_"
    )


def to_dta(columns: list[Column], rows: list[list[object]]) -> bytes:
    out = statfile.Variables.named(columns, stata_name)
    missing: dict[str, list[str]] = {}
    for index, (column, name) in enumerate(zip(columns, out.names, strict=True)):
        cells = [row[index] for row in rows]
        out.labels[name] = column.title[:LABEL_LIMIT]
        if statfile.is_text(column):
            out.data[name] = statfile.text_cells(cells)
            continue
        coded = statfile.is_coded(column)
        position = statfile.positions(column) if coded else None
        codes: dict[int | float, str]
        if position is not None:
            codes = {
                position[str(v)]: f"{label} [{v}]"[:LABEL_LIMIT] for v, label in column.categories
            }
        elif column.type == "boolean":
            codes = {0: "false", 1: "true"}
        else:
            codes = {
                int(v): label[:LABEL_LIMIT]  # type: ignore[call-overload]  # numeric categories
                for v, label in column.categories
                if float(v) == int(float(v))  # type: ignore[arg-type]  # Stata labels whole numbers
            }
        out.data[name] = statfile.numeric_cells(cells, position, STATA_MISSING.__getitem__)
        missing[name] = sorted(set(STATA_MISSING.values()))
        if codes:
            out.value_labels[name] = codes
    return out.write(
        "dta",
        file_label="Workshop export (anonymized)",
        missing_user_values=missing,
    )
