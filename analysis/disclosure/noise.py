"""Rule 7: calibrated noise on the counts the room and phones see (issue #23).

Thresholds and batches cannot stop someone who controls k-1 fake participants:
placed after a victim, the fakes make every group the victim could be in
exactly k-1 plus the victim, and the victim's answer is read from which group
is shown. Noise can: each released count is the true count plus integer noise
from the discrete Laplace (two-sided geometric) distribution, drawn by OpenDP's
sampler, with scale = sensitivity / epsilon, so that one person joining or
leaving changes the chance of any release by a factor of at most e^epsilon.

- Noise is drawn once per published batch and stored with it (analysis/live.py's
  Basis, in `published_results`), so reruns, hide/reveal, restarts and replicas
  show the same noisy numbers: drawing fresh noise per rerun would let a watcher
  average it away. Each new batch is a new release and costs epsilon again.
- Masking and the k threshold are applied to the noisy counts, never to the
  exact ones: a threshold on exact counts would itself tell the attacker the
  victim's answer (shown or "fewer than k").
- Vote counts have no batch to store noise in; their noise is seeded by a
  secret drawn for each question at approval and by the exact count, so one
  count always shows the same noisy value and each new count is one release.
- Research exports stay exact (k-anonymity and suppression, analysis/export/).

OpenDP is imported only when noise is drawn (it takes over a second to import),
so the participant page never pays for it.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.i18n import N_, _, number, short_number
from workshop.sessions import DEFAULT_EPSILON

if TYPE_CHECKING:
    from opendp.mod import Measurement


def scale(sensitivity: int, epsilon: float) -> float:
    """The discrete Laplace scale that gives `epsilon` for counts moved by `sensitivity` in total."""
    if epsilon <= 0:
        raise ValueError(f"epsilon must be above 0, got {epsilon}")
    return max(1, sensitivity) / epsilon


def _measurement(sensitivity: int, epsilon: float) -> Measurement:
    import opendp.prelude as dp  # lazily: a second and a half of imports

    dp.enable_features("contrib")
    return dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)),
        dp.l1_distance(T=int),
        scale=scale(sensitivity, epsilon),
    )


def privacy_loss(sensitivity: int, epsilon: float) -> float:
    """The epsilon OpenDP certifies for one release of counts with this sensitivity."""
    loss = _measurement(sensitivity, epsilon).map(max(1, sensitivity))  # type: ignore[no-untyped-call]
    return float(loss)


def draw(keys: Iterable[str], *, sensitivity: int, epsilon: float) -> dict[str, int]:
    """Integer noise for each key of one release, from OpenDP's discrete Laplace sampler.

    `sensitivity` is how much one person can move the counts in total (L1):
    1 when every person is in exactly one cell, the number of options for
    multiple choice. Adding the noise to the counts later is post-processing.
    """
    ordered = sorted(set(keys))
    if not ordered:
        return {}
    noise = _measurement(sensitivity, epsilon)([0] * len(ordered))
    return {key: int(n) for key, n in zip(ordered, noise, strict=True)}


def draw_real(sensitivity: float, epsilon: float) -> float:
    """Noise for one sum of bounded values: OpenDP's Laplace sampler, scale sensitivity / epsilon.

    For sums that are not counts (a before/after's total change): `sensitivity`
    is the most one person joining or leaving can move the sum.
    """
    if epsilon <= 0 or sensitivity <= 0:
        raise ValueError(f"epsilon and sensitivity must be above 0, got {epsilon}, {sensitivity}")
    import opendp.prelude as dp  # lazily, as in _measurement

    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.atom_domain(T=float, nan=False),
        dp.absolute_distance(T=float),
        scale=sensitivity / epsilon,
    )
    return float(measurement(0.0))


def noisy(counts: Mapping[str, int], noise: Mapping[str, int]) -> dict[str, int]:
    """Counts plus their noise, never below zero (post-processing costs no privacy)."""
    return {key: max(0, n + noise.get(key, 0)) for key, n in counts.items()}


RANK_KEY = "rank:"  # noise keys of a ranking's rank sums, one per option: "rank:<code>"


def rank_sensitivity(options: int) -> int:
    """How far one person's ranking moves a ranking's doubled, centred rank sums in total (L1).

    Everyone ranks every option (1 to m), so each option's mean rank is its
    rank sum over the known number who ranked. Centring each rank on (m+1)/2
    and doubling it (integers for the discrete sampler) makes one person's
    contribution |2r - (m+1)| per option: 12 in all for 5 options, against 30
    for the raw ranks.
    """
    return max(1, sum(abs(2 * rank - (options + 1)) for rank in range(1, options + 1)))


def noisy_mean_ranks(
    mean_rank: Mapping[str, float], ranked: int, options: int, noise: Mapping[str, int]
) -> dict[str, float]:
    """Mean ranks with a batch's rank noise added to their centred sums, kept within 1 to m."""
    middle = options + 1
    out = {}
    for code, mean in mean_rank.items():
        doubled = round((2 * mean - middle) * ranked) + noise.get(f"{RANK_KEY}{code}", 0)
        out[code] = min(float(options), max(1.0, (doubled / ranked + middle) / 2))
    return out


def seeded(secret: float | str, count: int, *, epsilon: float) -> int:
    """One count's noise, the same every time for the same secret and count.

    For counts that move without batches (question-box votes): the secret is
    drawn at random when the question is approved and never shown, and the
    seed includes the exact count, so each new count is one fresh release and
    a rerun shows nothing new. Discrete Laplace as the difference of two
    geometric draws with p = 1 - exp(-epsilon) (sensitivity 1).
    """
    digest = hashlib.sha256(f"{secret!r}|{count}".encode()).digest()
    rng = random.Random(digest)
    p = 1 - math.exp(-epsilon)

    def geometric() -> int:
        u = 1.0 - rng.random()  # in (0, 1]
        return int(math.floor(math.log(u) / math.log(1 - p)))

    return geometric() - geometric()


def about(count: int | str) -> str:
    """How a noisy count or figure reads: "about 7", "about +0.8"."""
    return _("about {count}").format(count=count)


@dataclass(frozen=True)
class NoiseLevel:
    """A choice of epsilon a facilitator makes in plain words, with what it means for the room."""

    epsilon: float
    name: str
    # Measured: how often an attacker with k-1 fake participants names one
    # person's yes/no answer from one release (benchmarks.noise_attack,
    # 1000 trials, k = 5; docs/privacy.md "Measured"). A coin toss is 0.5.
    attacker_right: float

    @property
    def label(self) -> str:
        if self.epsilon == DEFAULT_EPSILON:
            text = _("{name} (ε {epsilon}, default)")
        else:
            text = _("{name} (ε {epsilon})")
        return text.format(name=_(self.name), epsilon=short_number(self.epsilon))

    @property
    def typical_error(self) -> float:
        """How far a noisy count is from the exact one on average: E|X| of the discrete Laplace."""
        alpha = math.exp(-1 / scale(1, self.epsilon))
        return 2 * alpha / (1 - alpha**2)

    @property
    def meaning(self) -> str:
        """One sentence for the facilitator: precision on screen against a fake-participant attack."""
        return _(
            "Approximate numbers are off by about {error} on average; "
            "someone who joins many times to single out one person guesses that person's "
            "yes/no answer right about {right} times in 10 (a coin toss: 5 in 10)."
        ).format(error=number(self.typical_error, 1), right=round(10 * self.attacker_right))


NOISE_LEVELS = (
    NoiseLevel(0.5, N_("More privacy"), attacker_right=0.59),
    NoiseLevel(1.0, N_("Balanced"), attacker_right=0.71),
    NoiseLevel(2.0, N_("More precise"), attacker_right=0.87),
)
NEXT_BATCH = N_(  # shown with _()
    "A new level applies from each chart's next batch: what the room already saw stays as it "
    "was. Question-box vote counts take the new level at once."
)


def noise_level(epsilon: float) -> NoiseLevel | None:
    """The named level with this epsilon, or None (set otherwise, e.g. on the command line)."""
    return next((level for level in NOISE_LEVELS if level.epsilon == epsilon), None)
