"""What of the item statistics may be shown: the rules every other table follows.

Rules (k is the export's or the session's smallest group size):

1. A statistic computed on fewer than k participants is not shown: its value,
   interval and n are left blank.
2. A difficulty (proportion correct p of n answers) gives away two counts: the
   p * n who got the item right and the rest who did not. It is shown only when
   neither count is between 1 and k-1, and only when the table the reader already
   has (summary.csv in an export, the question's chart in a report) shows the
   same two numbers, answered and keyed answer: then it tells nothing new, and a
   count that table hid (a small one, or one hidden to protect it) stays hidden.
3. n also tells how many participants are not in a figure (all participants
   minus n: those who left an item of the group unanswered). n is shown only
   when that number is 0 or at least k, or when the other table of rule 2
   shows it already; where n is hidden, so is the confidence interval, whose
   width would give n away.

A blank figure carries its reason in the `reason` column.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis import disclosure
from analysis.item_stats import COLUMNS

RELEASED_COLUMNS = [c for c in COLUMNS if c != "correct"] + ["reason"]
DIGITS = 3

# (item id, answered, keyed answers) -> does the reader's other table show exactly these?
ShownElsewhere = Callable[[str, int, int], bool]


def _small(count: int, k: int) -> bool:
    """1 to k-1 people: the group no table may single out (zero is nobody)."""
    return disclosure.identifies(count, k)


def _round(value: object) -> object:
    return None if value is None or value != value else round(float(value), DIGITS)  # type: ignore[arg-type]


def _release_row(
    row: dict[str, object], k: int, participants: int, shown: ShownElsewhere | None
) -> dict[str, object]:
    out = {name: row.get(name) for name in RELEASED_COLUMNS}
    out["reason"] = ""
    n = int(row["n"])  # type: ignore[call-overload]  # always a count
    for name in ("value", "ci_low", "ci_high"):
        out[name] = _round(out[name])
    if not disclosure.enough_answers(n, k):
        out.update(value=None, ci_low=None, ci_high=None, n=None)
        out["reason"] = f"fewer than {k} participants"
        return out
    public = False  # the other table shows this n already
    if row["statistic"] == "difficulty":
        correct = int(row["correct"])  # type: ignore[call-overload]  # set on difficulty rows
        public = shown is not None and shown(str(row["item"]), n, correct)
        if _small(correct, k) or _small(n - correct, k):
            out["value"] = None
            out["reason"] = f"would show a group of fewer than {k} (right or wrong)"
        elif shown is not None and not public:
            out["value"] = None
            out["reason"] = "its counts are hidden in the item's own table"
    if out["value"] is None and not out["reason"]:
        out["reason"] = "undefined: the answers do not vary"
    if not public and _small(participants - n, k):
        out.update(n=None, ci_low=None, ci_high=None)
        note = f"n hidden: fewer than {k} participants are not in this figure"
        out["reason"] = f"{out['reason']}; {note}" if out["reason"] else note
    return out


def release(
    table: pd.DataFrame, k: int, participants: int, shown: ShownElsewhere | None = None
) -> pd.DataFrame:
    """The item statistics as they may be published (rules 1-3), without the raw counts.

    `participants` is everyone the table's dataset holds; `shown` says whether
    the reader's other table shows an item's answered and keyed counts (None: no
    other table, only rules 1-3 on the counts apply).
    """
    records: list[dict[str, object]] = [
        {str(name): value for name, value in row.items()} for row in table.to_dict("records")
    ]
    rows = [_release_row(row, k, participants, shown) for row in records]
    return pd.DataFrame(rows, columns=RELEASED_COLUMNS, dtype=object)
