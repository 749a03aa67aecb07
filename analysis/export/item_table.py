"""item_stats.csv: item statistics of the export's knowledge items and likert scales.

Computed on the anonymized dataset (as the other CSVs have it) and released by
analysis.item_stats_release, with summary.csv as the table the reader already
has: a difficulty is published only where summary.csv shows the same answered
and keyed-answer counts.
"""

from __future__ import annotations

import pandas as pd

from analysis import item_stats
from analysis.dataset import Dataset
from analysis.item_stats_release import ShownElsewhere, release

from .report import Report
from .summary import SummaryResult
from .tables import ITEM_STATS_FIELDS, header, write_csv

FILE = "item_stats.csv"


def summary_shows(dataset: Dataset, summary: SummaryResult) -> ShownElsewhere:
    """Whether summary.csv publishes exactly this answered count and keyed-answer count."""
    published = {
        (c.item, c.category): c.value
        for c in summary.cells
        if c.statistic == "count" and not c.suppressed
    }

    def shown(item_id: str, answered: int, correct: int) -> bool:
        keyed = dataset.item(item_id).question.correct_code
        return (
            published.get((item_id, "answered")) == answered
            and published.get((item_id, keyed or "")) == correct
        )

    return shown


def released(dataset: Dataset, summary: SummaryResult) -> pd.DataFrame | None:
    """The publishable table, or None when the export has no knowledge item or scale."""
    if not item_stats.groups(dataset):
        return None
    exact = item_stats.table(dataset)
    return release(exact, dataset.k, len(dataset.records), summary_shows(dataset, summary))


def add_item_stats(
    files: dict[str, bytes], dataset: Dataset, summary: SummaryResult, report: Report
) -> None:
    """Write item_stats.csv (when there is something to describe) and count what was held back."""
    table = released(dataset, summary)
    if table is None:
        return
    if list(table.columns) != header(ITEM_STATS_FIELDS):
        raise ValueError(f"columns {list(table.columns)} do not match the codebook's")
    rows = [
        [None if value is None or value != value else value for value in row]
        for row in table.itertuples(index=False, name=None)
    ]
    files[FILE] = write_csv(header(ITEM_STATS_FIELDS), rows, report)
    report.item_stats_rows = len(table)
    report.item_stats_withheld = int(
        (table["value"].isna() & ~table["reason"].str.startswith("undefined")).sum()
    )
    report.item_stats_n_hidden = int(
        (table["n"].isna() & ~table["reason"].str.startswith("fewer than")).sum()
    )
