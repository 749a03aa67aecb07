"""Issue 23 point 6: a hidden 1 beside published zeros and "0 further counts suppressed".

summary.csv publishes zeros and hides only counts of 1 to k-1 (primary
suppression). When ANONYMIZATION.md then says no further count was hidden, a
reader knows every hidden cell is 1 to k-1, never 0. With k = 3, "yes" 1 and
"unsure" 1 hidden, "no" 5 and "na" 0 published, and 7 answered: the two
hidden cells add up to 2 and neither is 0, so both are 1. The secondary
suppression modelled them as 0 to 2 and hid nothing more.
"""

from __future__ import annotations

import csv
import io

from analysis.export.build import ExportOptions, export_dataset
from tests.test_export_disclosure import (
    _dataset,
    _summary,
    _survey,
    assert_nothing_can_be_worked_out,
)
from workshop.loading import ContentLibrary

ANSWERS = ["yes", "unsure"] + ["no"] * 5  # "na": 0, published


def test_two_hidden_ones_beside_a_published_zero_cannot_be_pinned(
    library: ContentLibrary,
) -> None:
    survey = _survey(library, "first-look")
    dataset = _dataset(survey, [{"low_mood_ever": a} for a in ANSWERS], 3)
    export = export_dataset(dataset, ExportOptions())
    rows = csv.DictReader(io.StringIO(export.files["summary.csv"].decode("utf-8-sig")))
    counts = {
        r["category"]: r["value"]
        for r in rows
        if r["item"] == "low_mood_ever" and r["statistic"] == "count"
    }
    assert counts["yes"] == counts["unsure"] == "SUPPRESSED"
    assert export.report.summary_secondary >= 1  # a further count hidden to protect them
    assert "0 further counts suppressed" not in export.files["ANONYMIZATION.md"].decode()
    # The checker's reader, too, knows a hidden published 1..k-1 is not 0.
    fresh = _dataset(survey, [{"low_mood_ever": a} for a in ANSWERS], 3)
    assert_nothing_can_be_worked_out(_summary(fresh), fresh)
