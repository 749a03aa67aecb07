"""Pre/post statistics against values computed independently, from a dataset, and the chart."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats
from sqlalchemy import Engine

from analysis import charts, prepost
from analysis.dataset import Dataset, Item, Missing, Record
from analysis.export.tables import PREPOST_FIELDS, header
from workshop.content import Question
from workshop.loading import ContentLibrary

# A fixed data set: 12 participants, two missing one of the two answers.
PRE = [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, None, 3]
POST = [3, 4, 3, 5, 4, 2, 2, 4, 5, 4, 4, None]


def _independent_rank_biserial(differences: list[float]) -> float:
    """Kerby's simple difference formula, computed by hand over non-zero differences."""
    nonzero = [d for d in differences if d != 0]
    ranks = stats.rankdata([abs(d) for d in nonzero])
    favourable = sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0)
    unfavourable = sum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0)
    return (favourable - unfavourable) / ranks.sum()


def test_known_answer_against_scipy() -> None:
    result = prepost.compare("c", "pre", "post", PRE, POST, k=5)
    pairs = [(a, b) for a, b in zip(PRE, POST, strict=True) if a is not None and b is not None]
    differences = [b - a for a, b in pairs]
    expected = stats.wilcoxon([b for _, b in pairs], [a for a, _ in pairs])
    assert result.pairs == 10
    assert result.unmatched_rate == pytest.approx(2 / 12, abs=1e-4)
    assert result.mean_change == pytest.approx(np.mean(differences), abs=1e-4)
    assert result.median_change == pytest.approx(np.median(differences))
    assert result.wilcoxon_statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue, abs=1e-6)
    r = _independent_rank_biserial(differences)
    # By hand: seven non-zero differences; five of size 1 share rank 3, two of
    # size 2 share rank 6.5; the one negative has rank 3: (25 - 3) / 28.
    assert r == pytest.approx(22 / 28)
    assert result.rank_biserial == pytest.approx(r, abs=1e-4)
    assert result.ci_low <= result.rank_biserial <= result.ci_high
    assert result.ci_low >= -1 and result.ci_high <= 1
    assert not result.suppressed


def test_vectorized_rank_biserial_matches_by_hand() -> None:
    rng = np.random.default_rng(3)
    samples = rng.integers(-3, 4, size=(50, 15))
    got = prepost.rank_biserial(samples)
    for row, value in zip(samples, got, strict=True):
        expected = _independent_rank_biserial(list(row)) if np.any(row) else 0.0
        assert value == pytest.approx(expected)


def test_bootstrap_is_seeded() -> None:
    d = np.array([1, 2, 0, -1, 3, 1, 1, 2, 0, 1], dtype=float)
    assert prepost.bootstrap_ci(d, seed=1) == prepost.bootstrap_ci(d, seed=1)
    assert prepost.bootstrap_ci(d, seed=1) != prepost.bootstrap_ci(d, seed=2)


def test_fewer_than_k_pairs_are_suppressed() -> None:
    result = prepost.compare("c", "pre", "post", [1, 2, 3, None], [2, 3, None, 4], k=3)
    assert result.suppressed
    assert result.pairs is None and result.p_value is None and result.rank_biserial is None
    assert result.unmatched_rate is None


def test_no_change_at_all() -> None:
    result = prepost.compare("c", "pre", "post", [3] * 6, [3] * 6, k=5)
    assert (result.mean_change, result.rank_biserial, result.p_value) == (0, 0, 1)
    assert (result.ci_low, result.ci_high) == (0, 0)


def test_chart_shows_each_question_by_label(library: ContentLibrary) -> None:
    survey = library.snapshot("first-look").survey
    shown = prepost.compare("importance", "importance_pre", "importance_post", PRE, POST, k=5)
    hidden = prepost.compare("confidence", "c", "d", [1, 2], [2, 3], k=5)
    spec = charts.prepost(prepost.table([shown, hidden]), survey, 5).to_dict()
    layers = spec["layer"]
    values = [row for layer in layers for row in spec["datasets"].get(layer["data"]["name"], [])]
    questions = {row.get("question") for row in values}
    assert "Importance of aftercare" in questions  # the short label, never the id
    assert "Question 2" not in questions  # fewer than k pairs: no row at all
    assert not any("confidence" in str(row) for row in values)
    assert spec["description"] == charts.PREPOST_TITLE


def test_for_sessions_reads_pairs_from_the_database(
    engine: Engine, library: ContentLibrary
) -> None:
    from workshop import participants, sessions
    from workshop.answers import save_answer

    session = sessions.create_session(
        engine,
        library.snapshot("first-look"),
        settings=sessions.SessionSettings(k=3),
        open_now=True,
    )
    pairs = [("2", "3"), ("3", "4"), ("3", "3"), ("4", "5"), ("1", "3")]
    for pre, post in pairs:
        _, person = participants.join(engine, session.code)
        participants.record_consent(engine, person.id)
        save_answer(engine, person.id, "importance_pre", pre)
        save_answer(engine, person.id, "importance_post", post)
    _, only_pre = participants.join(engine, session.code)
    participants.record_consent(engine, only_pre.id)
    save_answer(engine, only_pre.id, "importance_pre", "5")
    [result] = prepost.for_sessions(engine, [session.id]).itertuples(index=False)
    assert (result.construct, result.pre_item, result.post_item) == (
        "importance",
        "importance_pre",
        "importance_post",
    )
    assert result.pairs == 5
    assert result.unmatched_rate == pytest.approx(1 / 6, abs=1e-4)
    assert result.mean_change == pytest.approx(1.0)
    assert result.rank_biserial == pytest.approx(1.0)
    assert prepost.for_sessions(engine, [session.id], k=6)["suppressed"].tolist() == [True]


def _likert(item_id: str, measure: str | None, codes: list[str]) -> Item:
    question = Question.model_validate(
        {
            "id": item_id,
            "kind": "likert",
            "text": item_id,
            "options": [{"code": c, "label": c.title()} for c in codes],
            **({"measure": measure, "construct": item_id.rsplit("_", 1)[0]} if measure else {}),
        }
    )
    return Item(question, "hand-made")


def _dataset(items: list[Item], rows: list[dict[str, object]], k: int = 5) -> Dataset:
    records = [Record("AAAAAA", date(2026, 1, 1), True, values) for values in rows]
    return Dataset(items, records, ["AAAAAA"], k)


def test_from_dataset_without_a_database() -> None:
    words = ["never", "rarely", "sometimes", "often", "always"]  # scored by position, 1 to 5
    items = [
        _likert("calm_pre", "pre", words),
        _likert("calm_post", "post", words),
        _likert("alone_pre", "pre", words),  # no post twin: not a construct
        _likert("mood", None, words),
    ]
    rows: list[dict[str, object]] = []
    for a, b in zip(PRE, POST, strict=True):
        rows.append(
            {
                "calm_pre": Missing.declined if a is None else words[a - 1],
                "calm_post": Missing.not_reached if b is None else words[b - 1],
                "alone_pre": "often",
                "mood": "never",
            }
        )
    frame = prepost.from_dataset(_dataset(items, rows))
    assert list(frame.columns) == list(prepost.COLUMNS)
    assert frame["construct"].tolist() == ["calm"]
    row = frame.iloc[0].to_dict()
    expected = prepost.compare("calm", "calm_pre", "calm_post", PRE, POST, k=5)
    assert row == expected.as_dict()
    assert row["pairs"] == 10 and row["suppressed"] is False


def test_from_dataset_withholds_below_k_and_merged_groups_have_no_score() -> None:
    words = ["never", "rarely", "sometimes", "often", "always"]
    items = [_likert("calm_pre", "pre", words), _likert("calm_post", "post", words)]
    rows: list[dict[str, object]] = [
        {"calm_pre": "never", "calm_post": "often"},
        {"calm_pre": "rarely", "calm_post": "always"},
        {"calm_pre": "never|rarely", "calm_post": "often"},  # a k-anonymity group: no score
    ]
    frame = prepost.from_dataset(_dataset(items, rows, k=3))
    assert frame["suppressed"].tolist() == [True]
    assert frame.iloc[0]["pairs"] is None and frame.iloc[0]["ci_low"] is None


def test_prepost_csv_schema_names_the_table_columns() -> None:
    assert header(PREPOST_FIELDS) == list(prepost.COLUMNS)
