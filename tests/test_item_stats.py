"""Item statistics (issue 26, part 3): worked examples, missing answers, disclosure, export, report."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pingouin
import pytest
from pydantic import ValidationError
from scipy import stats
from sqlalchemy import Engine

from analysis import item_stats, report
from analysis.dataset import Dataset, Item, Missing, Record, is_retrospective
from analysis.export.build import ExportOptions, export_dataset
from analysis.item_stats_release import release
from tests.support.datapackage import assert_every_csv_described_and_valid
from workshop import demo
from workshop.content import Survey, SurveySnapshot
from workshop.loading import ContentLibrary

TRUE_FALSE = [
    {"code": "true", "label": "True", "correct": True},
    {"code": "false", "label": "False"},
    {"code": "dont_know", "label": "Don't know"},
]
FIVE = [{"code": str(i), "label": f"Point {i}"} for i in range(1, 6)]


def _knowledge(qid: str, measure: str, construct: str) -> dict[str, object]:
    text = f"Statement {construct}."
    return {"id": qid, "kind": "single", "text": text, "knowledge": True, "options": TRUE_FALSE,
            "measure": measure, "construct": construct}  # fmt: skip


def _likert(qid: str, measure: str, construct: str, scale: str, text: str) -> dict[str, object]:
    return {"id": qid, "kind": "likert", "text": text, "options": FIVE, "measure": measure,
            "construct": construct, "scale": scale}  # fmt: skip


def _survey(module: str = "m") -> Survey:
    """Two knowledge pairs, a two-item scale before/after, and a retrospective two-item scale."""
    steps: list[dict[str, object]] = [
        _knowledge("ka_pre", "pre", "ka"),
        _knowledge("kb_pre", "pre", "kb"),
        _likert("sa_pre", "pre", "sa", "care", "I can ask what someone needs."),
        _likert("sb_pre", "pre", "sb", "care", "I can say what I need."),
        {"module": module},
        _knowledge("ka_post", "post", "ka"),
        _knowledge("kb_post", "post", "kb"),
        _likert("sa_post", "post", "sa", "care", "I can ask what someone needs."),
        _likert("sb_post", "post", "sb", "care", "I can say what I need."),
        _likert("ra_pre", "pre", "ra", "retro", "Before today, how sure were you to ask?"),
        _likert("rb_pre", "pre", "rb", "retro", "Before today, how sure were you to say?"),
        _likert("ra_post", "post", "ra", "retro", "Now, how sure are you to ask?"),
        _likert("rb_post", "post", "rb", "retro", "Now, how sure are you to say?"),
    ]
    return Survey.model_validate({"id": "stats", "version": 1, "title": "Stats", "steps": steps})


def _dataset(survey: Survey, people: list[dict[str, object]], k: int = 3) -> Dataset:
    items = [Item(q, survey.id, is_retrospective(survey, q)) for q in survey.questions]
    records = [
        Record(
            "AAAAAA", date(2026, 1, 1), True, {i.id: p.get(i.id, Missing.skipped) for i in items}
        )
        for p in people
    ]
    return Dataset(items, records, ["AAAAAA"], k)


# --- worked examples ---------------------------------------------------------------


def test_alpha_matches_pingouins_documented_likert_example() -> None:
    # pingouin.cronbach_alpha docs: the bundled "cronbach_alpha" dataset (long format)
    # gives (0.5917188485995826, array([0.195, 0.84 ])).
    long = pingouin.read_dataset("cronbach_alpha")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    alpha, low, high = item_stats.cronbach(wide)
    assert alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    assert (low, high) == (0.195, 0.84)


def test_kr20_matches_the_documented_binary_example_and_equals_alpha() -> None:
    # pingouin docs: "cronbach_wide_missing" (0/1 items) after listwise deletion gives
    # alpha 0.8016949152542373; KR-20 is alpha on dichotomous items.
    data = pingouin.read_dataset("cronbach_wide_missing").astype(float)
    assert item_stats.kr20(data) == pytest.approx(0.8016949152542373, abs=1e-12)
    alpha, low, high = item_stats.cronbach(data)
    assert alpha == pytest.approx(item_stats.kr20(data), abs=1e-12)
    # pingouin's own listwise interval ([0.581, 0.933] in its docs) counts the 12 rows before
    # deletion; ours rests on the 9 complete rows, so it is wider.
    complete = data.dropna()
    assert len(complete) == 9
    assert (low, high) == tuple(pingouin.cronbach_alpha(complete)[1])
    assert low < 0.581 and high > 0.933


def test_kr20_by_hand() -> None:
    # p = .8, .6, .4: sum pq = .64; totals 3, 2, 1, 0, 3: variance 1.36.
    # KR-20 = 3/2 * (1 - .64/1.36) = 27/34.
    data = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]], dtype=float)
    assert item_stats.kr20(data) == pytest.approx(27 / 34)
    assert item_stats.cronbach(data)[0] == pytest.approx(27 / 34)


def test_item_total_is_the_point_biserial_with_the_other_items() -> None:
    data = pingouin.read_dataset("cronbach_wide_missing").astype(float)
    found = item_stats.item_total(data).set_index("item")
    complete = data.dropna()
    for item in data.columns:
        rest = complete.drop(columns=item).sum(axis=1)
        expected = stats.pointbiserialr(complete[item], rest).statistic
        assert found.loc[item, "r"] == pytest.approx(expected)
        assert found.loc[item, "n"] == 9


# --- a dataset: phases, missing answers ----------------------------------------------


def _people() -> list[dict[str, object]]:
    people = []
    for i in range(12):
        person: dict[str, object] = {
            "ka_pre": "true" if i % 2 else "false",
            "kb_pre": "true" if i % 3 else "dont_know",
            "ka_post": "true" if i % 4 else "false",
            "kb_post": "true",
        }
        for qid, shift in (("sa", 0), ("sb", 1), ("ra", 0), ("rb", 1)):
            person[f"{qid}_pre"] = str(1 + (i + shift) % 5)
            person[f"{qid}_post"] = str(1 + (i + shift + 1) % 5)
        people.append(person)
    people[0]["ka_pre"] = Missing.declined  # prefer not to answer: left out, never wrong
    return people


def test_phases_keep_retrospective_ratings_apart_from_the_pretest() -> None:
    dataset = _dataset(_survey(), _people())
    found = {(g.scale, g.phase) for g in item_stats.groups(dataset)}
    P = item_stats.Phase
    assert found == {
        ("knowledge", P.before),
        ("knowledge", P.after),
        ("care", P.before),
        ("care", P.after),
        ("retro", P.retrospective),
        ("retro", P.after),
    }


def test_declined_is_missing_not_wrong_and_scales_are_listwise() -> None:
    dataset = _dataset(_survey(), _people())
    table = item_stats.table(dataset).set_index(["item", "statistic"])
    ka = table.loc[("ka_pre", "difficulty")]
    assert (ka["n"], ka["correct"]) == (11, 6)  # 12 people, one declined; odd i right
    assert ka["value"] == pytest.approx(6 / 11)
    kr = item_stats.table(dataset)
    row = kr[(kr["statistic"] == "kr20") & (kr["phase"] == "before")].iloc[0]
    assert row["n"] == 11  # the decliner has no complete before-score
    data = item_stats.matrix(
        dataset, tuple(i for i in dataset.items if i.id in ("ka_pre", "kb_pre"))
    )
    assert row["value"] == pytest.approx(item_stats.kr20(data.dropna()))
    alpha = kr[(kr["statistic"] == "alpha") & (kr["scale"] == "care") & (kr["phase"] == "before")]
    wide = pd.DataFrame({q: [float(p[q]) for p in _people()] for q in ("sa_pre", "sb_pre")})
    assert alpha["value"].iloc[0] == pytest.approx(pingouin.cronbach_alpha(wide)[0])


# --- disclosure --------------------------------------------------------------------


def _one(statistic: str, n: int, correct: int | None = None, value: float = 0.5) -> pd.DataFrame:
    row = dict.fromkeys(item_stats.COLUMNS)
    row.update(scale="knowledge", phase="before", item="x" if correct is not None else "",
               text="", statistic=statistic, value=value, n=n, items=2, correct=correct)  # fmt: skip
    return pd.DataFrame([row], columns=item_stats.COLUMNS)


def test_a_figure_on_fewer_than_k_people_is_blank_with_a_reason() -> None:
    out = release(_one("kr20", 4), k=5, participants=20).iloc[0]
    assert out["value"] is None and out["n"] is None and "fewer than 5" in out["reason"]
    assert release(_one("kr20", 5), k=5, participants=5).iloc[0]["value"] == 0.5


@pytest.mark.parametrize(("correct", "shown"), [(1, False), (4, False), (5, True), (10, True),
                                                (0, True), (6, False), (9, False)])  # fmt: skip
def test_a_difficulty_that_pins_a_small_group_is_not_published(correct: int, shown: bool) -> None:
    out = release(_one("difficulty", 10, correct, correct / 10), k=5, participants=10).iloc[0]
    assert (out["value"] is not None) is shown, out["reason"]


def test_a_difficulty_the_items_own_table_hides_is_not_published() -> None:
    table = _one("difficulty", 10, 5)
    assert release(table, 5, 10, lambda *_: False).iloc[0]["value"] is None
    assert (
        release(table, 5, 10, lambda item, n, c: (item, n, c) == ("x", 10, 5)).iloc[0]["value"]
        == 0.5
    )


def test_n_and_interval_go_when_few_are_left_out() -> None:
    table = _one("alpha", 10)
    table.loc[0, ["ci_low", "ci_high"]] = [0.1, 0.8]
    out = release(table, k=5, participants=12).iloc[0]  # 2 people left out
    assert out["value"] == 0.5 and out["n"] is None and out["ci_low"] is None
    assert "n hidden" in out["reason"]
    kept = release(table, k=5, participants=15).iloc[0]
    assert (kept["n"], kept["ci_low"], kept["ci_high"]) == (10, 0.1, 0.8)


# --- content --------------------------------------------------------------------------


def test_a_scale_needs_two_likert_items_per_measure() -> None:
    steps = [_likert("a_pre", "pre", "a", "s", "A"), _likert("a_post", "post", "a", "s", "A")]
    with pytest.raises(ValidationError, match="scale 's' has one pre item"):
        Survey.model_validate({"id": "x", "version": 1, "title": "X", "steps": steps})
    bad = {**_knowledge("k", "pre", "k"), "scale": "s", "measure": None, "construct": None}
    with pytest.raises(ValidationError, match="'scale' applies only to likert"):
        Survey.model_validate({"id": "x", "version": 1, "title": "X", "steps": [bad]})


# --- export ----------------------------------------------------------------------------


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
def test_export_writes_declares_and_validates_item_stats(tmp_path: Path) -> None:
    export = export_dataset(_dataset(_survey(), _people(), k=3), ExportOptions())
    rows = _csv(export.files["item_stats.csv"])
    summary = {(r["item"], r["category"], r["statistic"]): r["value"] for r in _csv(
        export.files["summary.csv"])}  # fmt: skip
    for row in rows:
        if row["statistic"] == "difficulty" and row["value"]:
            # the same figure summary.csv gives as a percentage of those who answered
            percent = float(summary[(row["item"], "true", "percent")])
            assert float(row["value"]) == pytest.approx(percent / 100, abs=0.001)
    assert {r["statistic"] for r in rows} == {"difficulty", "item_total_r", "kr20", "alpha"}
    assert {r["phase"] for r in rows if r["scale"] == "retro"} == {"retrospective", "after"}
    resources = json.loads(export.files["datapackage.json"])["resources"]
    assert "item_stats.csv" in {r["path"] for r in resources}
    assert "## item_stats.csv" in export.files["ANONYMIZATION.md"].decode()
    folder = tmp_path / "out"
    folder.mkdir()
    for name, content in export.files.items():
        (folder / name).write_bytes(content)
    assert_every_csv_described_and_valid(folder)


def test_no_item_stats_without_knowledge_items_or_scales() -> None:
    steps = [{"id": "q", "kind": "likert", "text": "Q", "options": FIVE}]
    survey = Survey.model_validate({"id": "x", "version": 1, "title": "X", "steps": steps})
    export = export_dataset(_dataset(survey, [{"q": "1"}] * 6), ExportOptions())
    assert "item_stats.csv" not in export.files
    assert "item_stats" not in export.files["datapackage.json"].decode()


# --- report ----------------------------------------------------------------------------


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
def test_report_has_a_researcher_section_with_item_text(
    engine: Engine, library: ContentLibrary
) -> None:
    module = next(iter(library.modules))
    snapshot = SurveySnapshot(survey=_survey(module), modules={module: library.modules[module]})
    session = demo.fill(engine, snapshot, participants=30, seed=3).session
    made = report.build(engine, [session.id], created=date(2026, 12, 1))
    headings = [t.heading for t in made.item_tables]
    assert headings[0].startswith("Knowledge items, before")
    retro = [t for t in made.item_tables if t.retrospective]
    assert retro and made.item_tables[-len(retro) :] == retro  # apart, after the pre-test
    assert all("Before today" in line.text for t in retro for line in t.lines)
    page = report.render(made)
    assert "C. Item statistics" in page and "Statement ka." in page
    section = page[page.index("C. Item statistics") : page.index("D. Methods and anonymization")]
    assert "ka_pre" not in section and "Statement ka." in section  # item text, not ids
    assert "KR-20" in section and "Cronbach" in section
    assert section.index("Knowledge items, before") < section.index("Retrospective")
    pooled = report.build(
        engine, [session.id, _second(engine, snapshot)], created=date(2026, 12, 1)
    )
    assert pooled.item_tables and "C. Item statistics" in report.render(pooled)


def _second(engine: Engine, snapshot: SurveySnapshot) -> int:
    return demo.fill(engine, snapshot, participants=30, seed=4).session.id


def test_no_value_is_nan_in_the_released_table() -> None:
    released = release(item_stats.table(_dataset(_survey(), _people())), 3, 12)
    for value in released["value"]:
        assert value is None or not math.isnan(value)


def test_an_n_the_items_own_table_shows_is_not_hidden_again() -> None:
    table = _one("difficulty", 10, 5)
    assert release(table, 5, 12).iloc[0]["n"] is None  # 2 left out, no other table
    assert release(table, 5, 12, lambda *_: True).iloc[0]["n"] == 10
