"""responses.sav: the wide table for SPSS, with variable labels, value labels and
user-missing codes.

SPSS cannot mix text codes into a numeric variable, so in numeric variables the
missing-value codes become negative numbers declared as user-missing.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd

from .columns import Column
from .model import Missing

SPSS_MISSING: dict[Missing, int] = {
    Missing.declined: -91,
    Missing.not_reached: -92,
    Missing.skipped: -93,
    Missing.not_asked: -94,
    Missing.suppressed: -95,
}


def spss_name(name: str, taken: set[str]) -> str:
    """SPSS names: letters, digits and _ . @ # $; start with a letter; at most 64 bytes."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", name)[:60] or "v"
    if not base[0].isalpha():
        base = "v" + base
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:56]}_{n}"
    taken.add(candidate.lower())
    return candidate


def to_sav(columns: list[Column], rows: list[list[object]]) -> bytes:
    taken: set[str] = set()
    names = [spss_name(c.name, taken) for c in columns]
    data: dict[str, list[object]] = {}
    labels: dict[str, str] = {}
    value_labels: dict[str, dict[object, str]] = {}
    missing_ranges: dict[str, list[object]] = {}
    for index, (column, name) in enumerate(zip(columns, names, strict=True)):
        cells = [row[index] for row in rows]
        labels[name] = column.title[:250]
        numeric = column.type in ("integer", "number", "boolean")
        if numeric:
            converted: list[object] = []
            for cell in cells:
                if isinstance(cell, Missing):
                    converted.append(SPSS_MISSING[cell])
                elif isinstance(cell, bool):
                    converted.append(int(cell))
                else:
                    converted.append(float(cell))  # type: ignore[arg-type]
            data[name] = converted
            used = {SPSS_MISSING[c] for c in cells if isinstance(c, Missing)}
            if used:
                missing_ranges[name] = [
                    {"lo": min(SPSS_MISSING.values()), "hi": max(SPSS_MISSING.values())}
                ]
            codes: dict[object, str] = {
                float(v): label
                for v, label in column.categories  # type: ignore[arg-type]
            }
            if column.type == "boolean":
                codes = {0.0: "false", 1.0: "true"}
            codes.update({float(SPSS_MISSING[m]): m.label[:120] for m in Missing})
            value_labels[name] = codes
        else:
            data[name] = [
                "" if cell is None else str(cell.value if isinstance(cell, Missing) else cell)
                for cell in cells
            ]
            if column.categories:
                value_labels[name] = {str(v): label for v, label in column.categories}
    frame = pd.DataFrame(data, columns=names)
    import pyreadstat

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            column_labels=labels,
            variable_value_labels=value_labels,
            missing_ranges=missing_ranges,
        )
        return path.read_bytes()
