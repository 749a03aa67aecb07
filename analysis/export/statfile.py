"""What responses.sav and responses.dta share: which columns become numbers, how
their cells are converted, and writing the file through pyreadstat.

Choice items with text codes become numbered categories 1..n in option order
(`positions`); each format supplies its own codes for the missing reasons.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.dataset import Missing

from .columns import Column


def unique_name(
    name: str, taken: set[str], *, length: int, suffixed: int, first: Callable[[str], bool]
) -> str:
    """`name` as letters, digits and _, at most `length` long and starting with a character
    `first` accepts (else with a "v" in front); unique, ignoring case, among `taken`
    (which it joins): a clash is cut to `suffixed` characters and numbered _2, _3, ..."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", name)[:length] or "v"
    if not first(base[0]):
        base = ("v" + base)[:length]
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:suffixed]}_{n}"
    taken.add(candidate.lower())
    return candidate


def is_coded(column: Column) -> bool:
    """A text-coded choice item, written as numbered categories."""
    return column.type == "string" and bool(column.categories)


def is_text(column: Column) -> bool:
    """A column written as strings: neither numeric nor a coded choice."""
    return column.type not in ("integer", "number", "boolean") and not is_coded(column)


def text_cells(cells: list[object]) -> list[object]:
    """Strings, with a missing reason as its code and no answer as ''."""
    return ["" if c is None else c.value if isinstance(c, Missing) else str(c) for c in cells]


def positions(column: Column) -> dict[str, int]:
    """A coded column's category number (1..n, option order) per code."""
    return {str(v): i for i, (v, _) in enumerate(column.categories, start=1)}


def numeric_cells(
    cells: list[object],
    position: Mapping[str, float] | None,
    missing: Callable[[Missing], object],
) -> list[object]:
    """A numeric or coded column's cells: numbers, and `missing(reason)` for a reason."""
    converted: list[object] = []
    for cell in cells:
        if isinstance(cell, Missing):
            converted.append(missing(cell))
        elif position is not None:
            converted.append(position[str(cell)])
        else:
            converted.append(float(cell))  # type: ignore[arg-type]  # a numeric column's cells are numbers
    return converted


@dataclass
class Variables:
    """What one file collects per variable, by its name: cells, label and value labels."""

    names: list[str]
    data: dict[str, list[object]] = field(default_factory=dict)
    labels: dict[str, str | None] = field(default_factory=dict)
    value_labels: dict[str, dict[int | float, str]] = field(default_factory=dict)

    @classmethod
    def named(cls, columns: list[Column], name: Callable[[str, set[str]], str]) -> Variables:
        """One variable per column, named by `name(column name, names taken)`."""
        taken: set[str] = set()
        return cls([name(c.name, taken) for c in columns])

    def write(self, suffix: str, **options: Any) -> bytes:
        """The file's bytes, written by pyreadstat's `write_<suffix>` with `options`."""
        frame = pd.DataFrame(self.data, columns=self.names)
        import pyreadstat

        writer = getattr(pyreadstat, f"write_{suffix}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"responses.{suffix}"
            writer(
                frame,
                str(path),
                column_labels=self.labels,
                variable_value_labels=self.value_labels,
                **options,
            )
            return path.read_bytes()
