"""The fake-participant attacks on sensitive items, with and without noise (issue #23).

    python -m benchmarks.noise_attack --trials 200
    python -m benchmarks.noise_attack --trials 200 --epsilon 0.5 --k 5

A victim answers a sensitive yes/no question (yes or no, at random). The
attacker controls fake participants who join after the victim, knows the
app's rules (k, batches, masking, the noise's epsilon) and reads what the room
sees, through the app's own release code (analysis.live.BatchedViews under a
DisclosurePolicy, as the projector and the released end screen draw it):

- threshold: the victim and k-1 fakes, all fakes on "yes", are the first
  batch. Without noise "yes" is shown (k) exactly when the victim said yes,
  masked ("fewer than k") otherwise.
- differencing: ten honest people answer at random and their batch is shown
  (release 1); then the victim and k-1 fakes on "yes" make the next batch
  (release 2). Without noise, release 2 minus release 1 minus the fakes is the
  victim's answer.
- before/after: on a sensitive 7-point likert pair the victim answers "4" both
  times or "1" then "7"; k-1 fakes answer "4" both times. The "Before and
  after" view's mean change (analysis/prepost_live.py) is the victim's change
  over k: exact to 0.1 without noise.
- ranking: on a sensitive ranking of four options the victim ranks them in
  order or in reverse; k-1 fakes rank them in order. Without noise the mean
  ranks give the victim's ranking.

The attacker guesses the answer that makes what it saw most likely (the
discrete Laplace likelihood of each shown or masked count; with noise off,
the answer consistent with the counts; for before/after and ranking, the
answer whose exact figures are nearest, which is the likelihood's choice for
Laplace noise). Success is the share of trials in which the guess is right;
50% is a coin toss. A change of one answer moves two counts by one, so
epsilon-noise bounds any attacker at e^(2 epsilon) / (1 + e^(2 epsilon)) per
release; the before/after's two answers differ by one sensitivity (the largest
change), so there the bound is e^epsilon / (1 + e^epsilon).
"""

from __future__ import annotations

import argparse
import math
import platform
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from analysis import live, prepost, prepost_live, prepost_noise
from analysis.disclosure import DECLINED, DisclosurePolicy, Mask
from analysis.disclosure.noise import scale
from workshop.aggregates import ItemCounts, ParticipantCounts
from workshop.content import Question, Survey

ITEM = "attack_item"
QUESTION = Question.model_validate(
    {
        "id": ITEM,
        "kind": "single",
        "text": "Have you ever ...?",
        "sensitive": True,
        "options": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}],
    }
)
HONEST = 10  # people in the room before the victim, in the differencing attack
Observed = dict[str, tuple[Mask, int | None]]
Answer = TypeVar(
    "Answer", str, int
)  # what the attacker guesses: an option, or a change  # cell -> (mask, shown count)


def _data(yes: int, no: int) -> live.SessionAggregates:
    item = ItemCounts(ITEM, yes + no, 0, {"yes": yes, "no": no})
    people = ParticipantCounts(item.responded, item.responded, 0, {})
    return live.SessionAggregates(1, people, {ITEM: item}, {}, {})


def _release(views: live.BatchedViews, policy: DisclosurePolicy, yes: int, no: int) -> Observed:
    """What the room sees of the item once these counts are in (a new batch when due)."""
    published = views.current(1, QUESTION, _data(yes, no), policy)
    breakdown = published.view.breakdown
    if breakdown is None or breakdown.withheld:
        return {}
    return {cell.key: (cell.mask, cell.count) for cell in breakdown.cells}


def _cell_likelihood(policy: DisclosurePolicy) -> Callable[[int, Mask, int | None], float]:
    """P(what a cell shows | its true count), for the attacker who knows the rules."""
    k = policy.k
    if policy.epsilon is None:

        def exact(true: int, mask: Mask, shown: int | None) -> float:
            if mask is Mask.shown:
                return float(shown == true)
            if mask is Mask.small:
                return float(policy.is_small(true))
            return float(not policy.is_small(true))

        return exact
    alpha = math.exp(-1 / scale(1, policy.epsilon))

    def pmf(x: int) -> float:
        return (1 - alpha) / (1 + alpha) * alpha ** abs(x)

    def at_most(x: int) -> float:  # P(noise <= x)
        if x < 0:
            return alpha ** (-x) / (1 + alpha)
        return 1 - alpha ** (x + 1) / (1 + alpha)

    def noisy(true: int, mask: Mask, shown: int | None) -> float:
        if mask is Mask.shown and shown is not None:
            return pmf(shown - true) if shown > 0 else at_most(-true)
        if mask is Mask.small:  # the noisy count was 0 to k-1 (negatives read as 0)
            return at_most(k - 1 - true)
        return 1 - at_most(k - 1 - true)  # protective: the noisy count was at least k

    return noisy


def _likelihood(policy: DisclosurePolicy, seen: Observed, truth: dict[str, int]) -> float:
    cell = _cell_likelihood(policy)
    out = 1.0
    for key, (mask, shown) in seen.items():
        out *= cell(truth.get(key, 0), mask, shown)
    return out


def _guess(scores: dict[Answer, float], rng: random.Random) -> Answer:
    best = max(scores.values())
    return rng.choice(sorted(a for a, s in scores.items() if s == best))


def threshold_trial(policy: DisclosurePolicy, rng: random.Random) -> bool:
    victim = rng.choice(("yes", "no"))
    fakes = policy.k - 1
    seen = _release(live.BatchedViews(), policy, fakes + (victim == "yes"), int(victim == "no"))
    scores = {
        answer: _likelihood(
            policy,
            seen,
            {"yes": fakes + (answer == "yes"), "no": int(answer == "no"), DECLINED: 0},
        )
        for answer in ("yes", "no")
    }
    return _guess(scores, rng) == victim


def differencing_trial(policy: DisclosurePolicy, rng: random.Random) -> bool:
    victim = rng.choice(("yes", "no"))
    fakes = policy.k - 1
    honest_yes = sum(rng.random() < 0.5 for _ in range(HONEST))
    views = live.BatchedViews()
    first = _release(views, policy, honest_yes, HONEST - honest_yes)
    second = _release(
        views,
        policy,
        honest_yes + fakes + (victim == "yes"),
        HONEST - honest_yes + (victim == "no"),
    )
    # The attacker does not know the honest answers: sum over them (a binomial prior).
    scores = {}
    for answer in ("yes", "no"):
        total = 0.0
        for h in range(HONEST + 1):
            prior = math.comb(HONEST, h) / 2**HONEST
            before = {"yes": h, "no": HONEST - h, DECLINED: 0}
            after = {
                "yes": h + fakes + (answer == "yes"),
                "no": HONEST - h + (answer == "no"),
                DECLINED: 0,
            }
            total += prior * _likelihood(policy, first, before) * _likelihood(policy, second, after)
        scores[answer] = total
    return _guess(scores, rng) == victim


LIKERT = [{"code": str(n), "label": f"Point {n}"} for n in range(1, 8)]
PAIR = Survey.model_validate(
    {
        "id": "attack",
        "version": 1,
        "title": "Fake-participant attack",
        "steps": [
            {
                "id": f"attack_{side}",
                "kind": "likert",
                "text": "How likely are you to ...?",
                "sensitive": True,
                "measure": side,
                "construct": "attack",
                "options": LIKERT,
            }
            for side in ("pre", "post")
        ],
    }
)
LARGEST_CHANGE = 6  # "1" before, "7" after


def prepost_trial(policy: DisclosurePolicy, rng: random.Random) -> bool:
    victim = rng.choice((0, LARGEST_CHANGE))
    fakes = policy.k - 1
    pre = [4.0 - victim / 2, *[4.0] * fakes]
    post = [4.0 + victim / 2, *[4.0] * fakes]
    fresh = prepost.table(
        [
            prepost.compare(
                "attack", "attack_pre", "attack_post", pre, post, k=policy.k, resamples=20
            )
        ]
    )
    shown, _ = prepost_live.batched(
        fresh, {}, policy.batch, lambda row: prepost_noise.release(row, PAIR, policy)
    )
    mean = shown.iloc[0]["mean_change"]
    scores = {
        change: 0.0 if mean is None else -abs(float(mean) * policy.k - change)
        for change in (0, LARGEST_CHANGE)
    }
    return _guess(scores, rng) == victim


RANKED = ("a", "b", "c", "d")
RANKING = Question.model_validate(
    {
        "id": ITEM,
        "kind": "ranking",
        "text": "Rank these ...",
        "sensitive": True,
        "options": [{"code": c, "label": c.upper()} for c in RANKED],
    }
)


def _mean_ranks(victim: tuple[str, ...], fakes: int) -> dict[str, float]:
    """Each option's mean rank when the fakes rank in order and the victim as given."""
    return {c: (victim.index(c) + 1 + fakes * (RANKED.index(c) + 1)) / (fakes + 1) for c in RANKED}


def ranking_trial(policy: DisclosurePolicy, rng: random.Random) -> bool:
    orders = {"in order": RANKED, "reversed": RANKED[::-1]}
    victim = rng.choice(sorted(orders))
    fakes = policy.k - 1
    item = ItemCounts(
        ITEM, fakes + 1, 0, dict.fromkeys(RANKED, fakes + 1), _mean_ranks(orders[victim], fakes)
    )
    people = ParticipantCounts(item.responded, item.responded, 0, {})
    data = live.SessionAggregates(1, people, {ITEM: item}, {}, {})
    seen = live.BatchedViews().current(1, RANKING, data, policy).view.mean_rank
    scores = {
        name: -sum(abs(seen.get(c, 0.0) - m) for c, m in _mean_ranks(order, fakes).items())
        for name, order in orders.items()
    }
    return _guess(scores, rng) == victim


ATTACKS: dict[str, Callable[[DisclosurePolicy, random.Random], bool]] = {
    "threshold": threshold_trial,
    "differencing": differencing_trial,
    "before/after": prepost_trial,
    "ranking": ranking_trial,
}


@dataclass(frozen=True)
class Result:
    attack: str
    noise: bool
    trials: int
    successes: int

    @property
    def rate(self) -> float:
        return self.successes / self.trials


def run(trials: int, *, k: int = 5, epsilon: float = 1.0, seed: int = 1) -> list[Result]:
    """Every attack, with noise off and on, `trials` victims each."""
    results = []
    for name, attack in ATTACKS.items():
        for noise in (False, True):
            policy = DisclosurePolicy(k=k, epsilon=epsilon if noise else None)
            rng = random.Random(seed)
            wins = sum(attack(policy, rng) for _ in range(trials))
            results.append(Result(name, noise, trials, wins))
    return results


def bound(epsilon: float) -> float:
    """The most any attacker can win per release when one changed answer moves two counts."""
    return math.exp(2 * epsilon) / (1 + math.exp(2 * epsilon))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--epsilon", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(args.trials, k=args.k, epsilon=args.epsilon, seed=args.seed)
    print(
        f"fake-participant attacks on sensitive items: k={args.k}, "
        f"epsilon={args.epsilon:g}, {args.trials} trials each"
    )
    print(f"{'attack':<14}{'noise':<8}{'success':>9}")
    for r in results:
        print(f"{r.attack:<14}{'on' if r.noise else 'off':<8}{r.rate:>9.1%}")
    print(
        f"coin toss: 50.0%; bound with noise, per release: {bound(args.epsilon):.1%} "
        f"(before/after: {bound(args.epsilon / 2):.1%})"
    )
    print(
        f"{time.perf_counter() - started:.1f} s on {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
