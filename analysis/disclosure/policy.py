"""The disclosure policy: every rule that compares a count with k, and its wording.

The rules come in two forms that share one implementation:
- functions of (count, k), for the pure algorithms that are tested at many k
  (export suppression and k-anonymity, words, before/after, forest, waves);
- `DisclosurePolicy`, the value a release point builds from a session's
  settings (or several sessions', pooled): k, masking, batch size, wording.

Nothing outside analysis/disclosure/ compares a count with k, takes the largest
of several k or does arithmetic with k (tests/test_disclosure_home.py). Noise
for what the room sees (OpenDP, issue #23, rule 7 in `noise`) is on
`DisclosurePolicy`, next to the batch: `epsilon` (None: exact counts), which
questions it covers and how much one person can move their counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workshop import i18n
from workshop.content import Question
from workshop.i18n import _, ngettext
from workshop.sessions import DEFAULT_EPSILON, DEFAULT_K, MIN_K, SessionSettings

from . import noise
from .cells import Mask, masked_label

# --- counts against k ----------------------------------------------------------


def is_small(count: int, k: int) -> bool:
    """Fewer than k (zero included): a group too small to show or to publish alone."""
    return count < k


def identifies(count: int, k: int) -> bool:
    """A real group of 1 to k-1 people: the counts suppression hides (zero is safe to show)."""
    return 1 <= count < k


def enough_answers(responded: int, k: int) -> bool:
    """Rule 1: a question is charted only once at least k people answered it."""
    return not is_small(responded, k)


def outside_count_shown(outside: int, inside: int, k: int) -> bool:
    """Rule 2, last sentence: a decliner count beside a ranking or text view.

    Shown only when it is at least k and so are the others: otherwise one of
    the two could be worked out from the shown total by subtraction.
    """
    return not is_small(outside, k) and not is_small(inside, k)


def masks_small_groups(question: Question, *, mask_all: bool) -> bool:
    """Rule 2: which questions have their small groups masked on live displays."""
    return mask_all or question.sensitive or question.quasi_identifier


def shortfall(count: int, k: int) -> int:
    """How many more members a group of `count` needs to reach k (0 once it has k)."""
    return max(0, k - count)


def surplus(count: int, k: int) -> int:
    """How many members a group of `count` can give up and still hold k (0 below k)."""
    return max(0, count - k)


def largest_small(k: int) -> int:
    """The largest count that is still small: k - 1."""
    return k - 1


def hidden_range(count: int, k: int, bound: int, *, nonzero: bool = False) -> range:
    """What a reader who knows only whether a hidden count is small knows of it.

    Small: 0 to k-1 (never above `bound`, the most it can be); else k to `bound`.
    `nonzero`: a count hidden because it was 1 to k-1 (primary suppression),
    where zeros are published: a reader who learns that nothing else was hidden
    ("0 further counts suppressed") knows it is not 0, so it is 1 to k-1.
    """
    if is_small(count, k):
        return range(1 if nonzero else 0, min(largest_small(k), bound) + 1)
    return range(k, bound + 1)


def shown_terms(counts: dict[str, int], k: int) -> list[tuple[str, int]]:
    """Rule 5: the terms at least k different participants gave, most given first, then A to Z."""
    kept = ((t, n) for t, n in counts.items() if not is_small(n, k))
    return sorted(kept, key=lambda tn: (-tn[1], tn[0]))


def held_back_terms(counts: dict[str, int], k: int) -> int:
    """Rule 5: how many terms a cloud leaves out, each given by 1 to k-1 participants."""
    return sum(1 for n in counts.values() if identifies(n, k))


def cloud_counts(exact: Mapping[str, int], noisy: Mapping[str, int], k: int) -> dict[str, int]:
    """Rules 5 and 7 together: the counts a noisy cloud is thresholded on.

    A word needs k different people in fact (a cloud is unmoderated text: a
    phrase only one person gave must never reach the projector through lucky
    noise) and a noisy count of k (so whether the k-th person gave it stays
    uncertain). Words below k keep their exact count, so they stay below k.
    """
    return {t: n if is_small(n, k) else noisy.get(t, n) for t, n in exact.items()}


# --- several sessions and batches ----------------------------------------------


def pooled_k(ks: Iterable[int], requested: int | None = None) -> int:
    """The k of several sessions: the largest of theirs, the one asked for and MIN_K.

    A k can only be raised: pooling or exporting never shows a group one of the
    sessions would have hidden.
    """
    return max([MIN_K, *ks, requested or 0])


def raised_from(requested: int | None, k: int) -> bool:
    """Whether a requested k was overruled by a session's own k or by MIN_K."""
    if not requested:
        return False
    return requested < k


def batch_size(k: int) -> int:
    """Rule 4: how many more responses move a published chart; one batch is k answers."""
    return k


def should_publish(published_total: int | None, current_total: int, batch: int) -> bool:
    """Rule 4: replace what is on screen only after `batch` more responses (or fewer, on withdrawal).

    A chart that moved with every single answer would let the room see what the
    person who just tapped chose.
    """
    if published_total is None:
        return True
    return abs(current_total - published_total) >= batch


# --- wording of what was held back ---------------------------------------------


def raised_k_note(requested: int | None, k: int) -> str:
    """The end of ANONYMIZATION.md's k sentence: why the k used is not the one asked for."""
    if not raised_from(requested, k):
        return "."
    return (
        f" (you asked for {requested}; a session's own setting or the "
        f"minimum of {MIN_K} was higher)."
    )


def not_yet_text(k: int) -> str:
    """In place of a question's results until at least k answered it (rule 1)."""
    return _("Results appear once at least {k} people have answered.").format(k=k)


def too_few_text(k: int) -> str:
    """In a report, in place of a question's results when fewer than k answered it (rule 1)."""
    return ngettext(
        "Not shown: fewer than {k} person answered.",
        "Not shown: fewer than {k} people answered.",
        k,
    ).format(k=i18n.number(k))


def catching_up_text(shown: int, k: int) -> str:
    """Under a chart still on an earlier batch: why it lags behind the live count."""
    return _(
        "The chart shows {shown} answers; it catches up after every {batch} new answers, "
        "so nobody's answer can be singled out."
    ).format(shown=shown, batch=batch_size(k))


# --- the policy a release point holds --------------------------------------------


@dataclass(frozen=True)
class DisclosurePolicy:
    """What one session (or several, pooled) may release, and how it says what it held back."""

    k: int = DEFAULT_K
    mask_all: bool = True  # mask small groups on every question, not only sensitive ones
    # Rule 7: the privacy loss of one noisy release on what the room sees; None
    # shows exact counts (a session whose facilitator turned noise off). Research
    # exports and staff reports never add noise, whatever this says.
    epsilon: float | None = DEFAULT_EPSILON

    def __post_init__(self) -> None:
        if is_small(self.k, MIN_K):
            raise ValueError(f"k must be at least {MIN_K}, got {self.k}")

    @classmethod
    def for_session(cls, settings: SessionSettings) -> DisclosurePolicy:
        return cls(
            k=settings.k,
            mask_all=settings.mask_all,
            epsilon=settings.epsilon if settings.noise else None,
        )

    @classmethod
    def pooled(
        cls, policies: Iterable[DisclosurePolicy], requested: int | None = None
    ) -> DisclosurePolicy:
        """Several sessions together: the largest k, and masking if any of them masks."""
        found = list(policies)
        return cls(
            k=pooled_k((p.k for p in found), requested),
            mask_all=not found or any(p.mask_all for p in found),
        )

    @property
    def batch(self) -> int:
        return batch_size(self.k)

    def is_small(self, count: int) -> bool:
        return is_small(count, self.k)

    def enough_answers(self, responded: int) -> bool:
        return enough_answers(responded, self.k)

    def masks(self, question: Question) -> bool:
        return masks_small_groups(question, mask_all=self.mask_all)

    def outside_count_shown(self, outside: int, inside: int) -> bool:
        return outside_count_shown(outside, inside, self.k)

    def storable_terms(self, counts: dict[str, int]) -> tuple[dict[str, int], int]:
        """Rule 5 for what is kept: the terms k or more people gave, and how many others there were.

        A stored batch or snapshot keeps no word fewer than k people gave, so
        it never outlives the answers it came from as text.
        """
        kept = dict(shown_terms(counts, self.k))
        return kept, held_back_terms(counts, self.k)

    def should_publish(self, published_total: int | None, current_total: int) -> bool:
        return should_publish(published_total, current_total, self.batch)

    def masked_label(self, mask: Mask) -> str:
        return masked_label(mask, self.k)

    # --- rule 7: noise on what the room sees ---

    def noises(self, question: Question, *, cloud: bool = False) -> bool:
        """Whether this question's counts are noised: sensitive and demographic items, and clouds."""
        if self.epsilon is None:
            return False
        return cloud or question.sensitive or question.quasi_identifier

    def draw_noise(
        self, question: Question, keys: Iterable[str], *, partition: bool
    ) -> dict[str, int]:
        """Noise for one batch of one question, to be stored with it (one release).

        In a partition (single choice, likert, number bins) a person is in one
        cell: sensitivity 1. Otherwise (multiple choice) a person can be in
        every option's cell. Word counts: each word is its own count, so a
        person who gave m words loses up to m times epsilon.
        """
        if self.epsilon is None:
            return {}
        sensitivity = 1 if partition else max(1, len(question.option_codes))
        return noise.draw(keys, sensitivity=sensitivity, epsilon=self.epsilon)

    def draw_rank_noise(self, question: Question) -> dict[str, int]:
        """Noise for one batch of a ranking's mean ranks (`noise.rank_sensitivity`), to be stored."""
        if self.epsilon is None:
            return {}
        keys = (f"{noise.RANK_KEY}{code}" for code in question.option_codes)
        sensitivity = noise.rank_sensitivity(len(question.option_codes))
        return noise.draw(keys, sensitivity=sensitivity, epsilon=self.epsilon)

    def noises_any(self, questions: Iterable[Question]) -> bool:
        """Whether a figure drawn from several questions is noised: when any of them is.

        A before/after pair, or the knowledge score over every knowledge item:
        its figure says as much about a person as the questions' own counts do.
        """
        return any(self.noises(q) for q in questions)

    def noisy_sum(self, total: float, sensitivity: float) -> float:
        """A sum of bounded values as the room may see it (one release), exact when noise is off.

        `sensitivity`: the most one person joining or leaving moves the sum (the
        largest change one person can make, for a before/after's total change).
        Dividing by a known number of people afterwards is post-processing.
        """
        if self.epsilon is None:
            return total
        return total + noise.draw_real(sensitivity, self.epsilon)

    def room_votes(self, count: int, secret: float | str | None) -> int:
        """A question-box vote count as the room may rank it (rules 4 and 7).

        The count moves only in batches (the last whole batch of votes), so one
        tap does not move it; with noise, that batch's noisy count, never below
        zero. Shown as a number only when not `is_small`.
        """
        batched = count - count % self.batch
        if self.epsilon is None or secret is None:
            return batched
        return max(0, batched + noise.seeded(secret, batched, epsilon=self.epsilon))
