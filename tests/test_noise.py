"""Rule 7: calibrated noise on what the room sees (analysis/disclosure/noise.py, issue #23)."""

from __future__ import annotations

import math
import statistics

import pytest

from analysis import chart_text, live, results
from analysis.disclosure import DECLINED, DisclosurePolicy, noise
from workshop.aggregates import ItemCounts, ParticipantCounts
from workshop.content import Question
from workshop.published import Stored
from workshop.sessions import SessionSettings, parse_settings

SENSITIVE = Question.model_validate(
    {
        "id": "s",
        "kind": "single",
        "text": "A sensitive question?",
        "sensitive": True,
        "options": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}],
    }
)
PLAIN = SENSITIVE.model_copy(update={"id": "p", "sensitive": False})
WORDS = Question.model_validate({"id": "w", "kind": "words", "text": "One word?"})


def _variance(epsilon: float) -> float:
    alpha = math.exp(-epsilon)
    return 2 * alpha / (1 - alpha) ** 2


def _data(question: Question, yes: int, no: int) -> live.SessionAggregates:
    item = ItemCounts(question.id, yes + no, 0, {"yes": yes, "no": no})
    people = ParticipantCounts(yes + no, yes + no, 0, {})
    return live.SessionAggregates(1, people, {question.id: item}, {}, {})


def _current(views: live.BatchedViews, question: Question, yes: int, no: int, policy):
    return views.current(1, question, _data(question, yes, no), policy)


def test_opendp_draws_centred_noise_of_the_stated_spread() -> None:
    draws = [
        n
        for _ in range(40)
        for n in noise.draw([f"c{i}" for i in range(100)], sensitivity=1, epsilon=1.0).values()
    ]
    assert abs(statistics.fmean(draws)) < 0.25
    assert statistics.pvariance(draws) == pytest.approx(_variance(1.0), rel=0.2)
    assert all(isinstance(n, int) for n in draws)


def test_a_larger_sensitivity_draws_wider_noise() -> None:
    wide = list(noise.draw([f"c{i}" for i in range(3000)], sensitivity=4, epsilon=1.0).values())
    assert statistics.pvariance(wide) == pytest.approx(_variance(0.25), rel=0.25)


def test_each_noise_level_says_how_far_off_the_sampler_really_is() -> None:
    """The facilitator's sentence ("off by about 0.9 on average") is the sampler's mean size."""
    for level in noise.NOISE_LEVELS:
        keys = [f"c{i}" for i in range(4000)]
        drawn = noise.draw(keys, sensitivity=1, epsilon=level.epsilon).values()
        assert statistics.fmean(abs(n) for n in drawn) == pytest.approx(
            level.typical_error, rel=0.12
        )
        assert f"off by about {level.typical_error:.1f} on average" in level.meaning
        assert f"about {round(10 * level.attacker_right)} times in 10" in level.meaning
    assert [level.epsilon for level in noise.NOISE_LEVELS] == [0.5, 1.0, 2.0]
    assert noise.noise_level(SessionSettings().epsilon) is noise.NOISE_LEVELS[1]  # the default
    assert noise.NOISE_LEVELS[1].label == "Balanced (ε 1, default)"
    assert noise.noise_level(0.3) is None


def test_opendp_certifies_the_stated_loss_per_release() -> None:
    assert noise.privacy_loss(1, 1.0) == pytest.approx(1.0)
    assert noise.privacy_loss(3, 0.5) == pytest.approx(0.5)  # scale grows with sensitivity


def test_seeded_noise_is_fixed_per_secret_and_count_and_well_spread() -> None:
    assert noise.seeded(0.42, 5, epsilon=1.0) == noise.seeded(0.42, 5, epsilon=1.0)
    values = [noise.seeded(0.42, count, epsilon=1.0) for count in range(4000)]
    assert abs(statistics.fmean(values)) < 0.15
    assert statistics.pvariance(values) == pytest.approx(_variance(1.0), rel=0.15)
    assert len({noise.seeded(s / 1000, 5, epsilon=1.0) for s in range(200)}) > 5


def test_noisy_counts_never_go_below_zero() -> None:
    assert noise.noisy({"a": 1, "b": 4}, {"a": -3, "b": 2}) == {"a": 0, "b": 6}
    assert noise.about(7) == "about 7"


def test_one_batch_shows_the_same_noisy_numbers_on_every_rerun_and_replica() -> None:
    policy = DisclosurePolicy(k=3, epsilon=0.2)  # wide noise: a fresh draw would differ
    store = live.MemoryBatchStore()
    first = _current(live.BatchedViews(store), SENSITIVE, 6, 6, policy)
    again = [_current(live.BatchedViews(store), SENSITIVE, 7, 6, policy) for _ in range(5)]
    assert first.view.noisy
    assert all(a.view.breakdown == first.view.breakdown for a in again)
    stored = store.shown(1, SENSITIVE.id)
    assert stored is not None and '"noise"' in stored.basis


def test_each_new_batch_draws_new_noise() -> None:
    policy = DisclosurePolicy(k=3, epsilon=0.2)
    store = live.MemoryBatchStore()
    seen = set()
    for batch in range(8):
        _current(live.BatchedViews(store), SENSITIVE, 6 + 3 * batch, 6, policy)
        stored = store.shown(1, SENSITIVE.id)
        assert stored is not None
        seen.add(str(live.Basis.from_stored(SENSITIVE.id, stored).noise))
    assert len(seen) > 1


def test_only_sensitive_items_and_clouds_are_noised_and_off_means_exact() -> None:
    policy = DisclosurePolicy(k=3)
    plain = _current(live.BatchedViews(), PLAIN, 6, 6, policy)
    assert not plain.view.noisy and plain.view.breakdown.shown_counts()["yes"] == 6
    exact = _current(live.BatchedViews(), SENSITIVE, 6, 6, DisclosurePolicy(k=3, epsilon=None))
    assert not exact.view.noisy and exact.view.breakdown.shown_counts() == {
        "yes": 6,
        "no": 6,
    }
    assert policy.noises(WORDS, cloud=True) and not policy.noises(PLAIN)


def test_the_masking_sees_only_noisy_counts() -> None:
    policy = DisclosurePolicy(k=3, epsilon=1.0)
    view = live.question_view(
        SENSITIVE,
        _data(SENSITIVE, 2, 9),
        DisclosurePolicy(k=3, mask_all=True),
        noise={"yes": 1, "no": -1, DECLINED: 0},
    )
    # 2 + 1 = 3 reaches k although the exact count does not.
    assert view.breakdown.shown_counts()["yes"] == 3
    assert policy.epsilon == 1.0


def test_noisy_counts_read_about_n() -> None:
    view = live.question_view(
        SENSITIVE,
        _data(SENSITIVE, 6, 6),
        DisclosurePolicy(k=3),
        noise={"yes": 1, "no": 0, DECLINED: 0},
    )
    rows = results.category_rows(view)
    assert rows[0].text.startswith("Yes: about 7")
    assert "about 7" in " ".join(chart_text.summary(view))


def test_the_released_snapshot_keeps_the_batchs_noise() -> None:
    policy = DisclosurePolicy(k=3, epsilon=0.2)
    store = live.MemoryBatchStore()
    shown = _current(live.BatchedViews(store), SENSITIVE, 6, 6, policy)
    stored = store.shown(1, SENSITIVE.id)
    released = live.released_view(SENSITIVE, 1, stored, policy)
    assert released is not None and released.breakdown == shown.view.breakdown
    legacy = Stored(12, stored.basis.replace('"noise"', '"old"'))  # stored before noise
    exact = live.released_view(SENSITIVE, 1, legacy, policy)
    assert exact is not None and not exact.noisy


def test_sessions_have_noise_on_by_default_even_when_stored_before_the_setting() -> None:
    assert SessionSettings().noise and SessionSettings().epsilon == 1.0
    assert parse_settings('{"k": 5}').noise
    policy = DisclosurePolicy.for_session(SessionSettings(noise=False))
    assert policy.epsilon is None


@pytest.mark.slow
def test_the_noise_benchmark_runs_and_prints_both_rates(capsys) -> None:
    from benchmarks import noise_attack

    assert noise_attack.main(["--trials", "10"]) == 0
    out = capsys.readouterr().out
    assert "threshold     off        100.0%" in out and "differencing  on" in out
    assert "before/after  off        100.0%" in out and "ranking       off        100.0%" in out
    assert "coin toss: 50.0%" in out


def test_a_noisy_cloud_never_shows_a_word_fewer_than_k_gave() -> None:
    data = live.SessionAggregates(
        1,
        ParticipantCounts(9, 9, 0, {}),
        {WORDS.id: ItemCounts(WORDS.id, 9, 0)},
        {},
        {},
        word_counts={WORDS.id: {"hug": 6, "tea": 4, "unique": 1}},
    )
    lucky = {"hug": -3, "tea": 2, "unique": 6}  # noise that would lift the rare words over k
    view = live.question_view(WORDS, data, DisclosurePolicy(k=5), noise=lucky)
    assert view.cloud is not None and view.cloud.terms == ()  # hug fell to 3; the rest are < k
    assert view.cloud.below_k == 3
    kind = live.question_view(WORDS, data, DisclosurePolicy(k=5), noise={"hug": 1})
    assert kind.cloud is not None and kind.cloud.terms == (("hug", 7),)
    assert "hug: about 7 people" in chart_text.summary(kind)


@pytest.mark.slow
def test_opendp_is_imported_only_when_noise_is_drawn() -> None:
    """It takes over a second to import: the participant page and live views never pay for it."""
    import subprocess
    import sys

    code = (
        "import sys, analysis.live, analysis.room_votes, ui.shared.question_wall\n"
        "assert 'opendp' not in sys.modules, 'opendp imported'\n"
        "from analysis.disclosure import noise\n"
        "noise.draw(['a'], sensitivity=1, epsilon=1.0)\n"
        "assert 'opendp' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
