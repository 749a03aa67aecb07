"""Issue 23 point 6: a single-session and a pooled export of the same session, intersected.

k-anonymity is applied per export: the merges of neighbouring answers are
chosen for the sessions in that export, and rows suppressed to complete a
group are drawn at random. So the same session's rows are cut differently in
an export of it alone and in one pooled with another session, and matching
the two on their other columns (the answers are the same in both) narrows
people to groups smaller than k. Generalizing each session alike in both
would need one fixed generalization per session for every export (and still
not cover random suppression or another k), so ANONYMIZATION.md names the
risk instead: share one export of a session.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from analysis.export.build import Export, ExportOptions, export_dataset
from tests.test_export_disclosure import _dataset, _survey
from workshop.loading import ContentLibrary

K = 3
# Session AAAAAA: eight people, each with a distinct pair of other answers (as real
# answers usually are), so the two exports' rows match one to one. No row of either
# export is suppressed here: the merges alone narrow the groups, every time.
ALONE = [
    ("30_44", "woman"),
    ("18_29", "woman"),
    ("18_29", "woman"),
    ("30_44", "man"),
    ("18_29", "woman"),
    ("18_29", "woman"),
    ("18_29", "man"),
    ("30_44", "man"),
]
OTHERS = [  # session BBBBBB
    ("18_29", "another"),
    ("30_44", "woman"),
    ("18_29", "man"),
    ("18_29", "woman"),
    ("30_44", "woman"),
    ("18_29", "another"),
    ("30_44", "woman"),
]


def _people(groups: list[tuple[str, str]], start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "age_group": age,
            "gender": gender,
            "confidence_ask_pre": str(1 + (start + i) % 5),
            "confidence_ask_post": str(1 + (start + i) // 5),
        }
        for i, (age, gender) in enumerate(groups)
    ]


def _rows(export: Export, session: str) -> dict[tuple[str, str], tuple[str, str]]:
    text = export.files["responses_wide.csv"].decode("utf-8-sig")
    return {
        (r["confidence_ask_pre"], r["confidence_ask_post"]): (r["age_group"], r["gender"])
        for r in csv.DictReader(io.StringIO(text))
        if r["session"] == session
    }


def test_pooled_and_single_exports_intersected_narrow_below_k_and_the_note_says_so(
    library: ContentLibrary,
) -> None:
    survey = _survey(library, "aftercare-workshop")
    alone = export_dataset(_dataset(survey, _people(ALONE), K), ExportOptions())
    people = _people(ALONE) + _people(OTHERS, start=len(ALONE))
    codes = ["AAAAAA"] * len(ALONE) + ["BBBBBB"] * len(OTHERS)
    pooled = export_dataset(_dataset(survey, people, K, codes), ExportOptions())
    single, both = _rows(alone, "AAAAAA"), _rows(pooled, "AAAAAA")
    for export in (single, both):  # each export on its own has no group below k
        assert all(n >= K for n in Counter(export.values()).values())
    intersected = Counter((single[key], both[key]) for key in single)
    assert min(intersected.values()) < K  # the risk is real, so it must be named
    for export in (alone, pooled):
        note = " ".join(export.files["ANONYMIZATION.md"].decode().split())
        assert "of one session alone and pooled with other sessions" in note
        assert "narrow a group below k" in note
