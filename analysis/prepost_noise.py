"""Rule 7 for the live "Before and after": a noisy mean change for sensitive pairs (issue #23).

k-1 fake participants who answer both times after one person make a batch of
k pairs whose mean change is (the person's change + the fakes' known changes)
/ k, so even a mean rounded to 0.1 gives that person's change away. A
construct is noised when the policy noises any of its questions (a sensitive
or demographic pre or post item; for the knowledge score, any knowledge
item): other questions' answers are on their charts exactly already.

The noise goes on the sum of changes, then the sum is divided by the number
of pairs (a count of who answered, shown exactly like "7 of 9 answered").
Sensitivity: one person joining or leaving moves the sum by at most the
largest change one person can make, `largest_change`, from the questions'
own bounds (a likert's first and last option, a slider's min and max; 1 for a
knowledge item; the number of knowledge items on a side for the score).
A question without bounds (a number with no min or max) has no such bound,
so its figures are withheld while noise is on.

Only the noisy mean change and what follows from it (its share of the
largest change, for the reading) are released: the median, the rank-biserial
r and its interval, the Wilcoxon statistic and p depend on single answers in
ways no fixed bound covers. The researcher's export and report stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis import kinds
from analysis.disclosure import DisclosurePolicy
from analysis.kinds import Scale
from analysis.prepost import KNOWLEDGE
from workshop.content import Measure, Question, Survey

# Figures the noisy release withholds: each can move a lot with one answer.
WITHHELD = ("median_change", "wilcoxon_statistic", "p_value", "rank_biserial", "ci_low", "ci_high")
# The live row's extra columns: whether it carries noise, and the reading's effect (-1 to 1).
EXTRA = ("noisy", "effect")
# prepost.compare rounds the mean to 4 decimals: n such means differ from the
# sums by at most n * ROUNDING, which the sensitivity allows for.
ROUNDING = 0.5e-4


def score_range(question: Question) -> tuple[float, float] | None:
    """The lowest and highest score an answer can have (analysis.dataset.scores), or None."""
    if question.knowledge:
        return 0.0, 1.0  # right or wrong
    if question.options:
        codes = question.option_codes
        values = [float(c) if c.isdigit() else float(i + 1) for i, c in enumerate(codes)]
        return min(values), max(values)
    if kinds.spec(question.kind).scale is Scale.numbers:
        if question.min is None or question.max is None:
            return None
        return question.min, question.max
    return None


def _knowledge_side(survey: Survey, measure: Measure) -> int:
    return sum(1 for q in survey.questions if q.knowledge and q.measure is measure)


def largest_change(row: Mapping[str, object], survey: Survey) -> float | None:
    """The largest change (post minus pre, either way) one person can make on this construct."""
    if row["construct"] == KNOWLEDGE:
        return float(
            max(_knowledge_side(survey, Measure.pre), _knowledge_side(survey, Measure.post))
        )
    pre, post = survey.question(str(row["pre_item"])), survey.question(str(row["post_item"]))
    if pre is None or post is None:
        return None
    before, after = score_range(pre), score_range(post)
    if before is None or after is None:
        return None
    return max(abs(after[1] - before[0]), abs(after[0] - before[1]))


def questions_of(row: Mapping[str, object], survey: Survey) -> list[Question]:
    """The questions a construct's figures are drawn from."""
    if row["construct"] == KNOWLEDGE:
        return [q for q in survey.questions if q.knowledge and q.measure is not None]
    found = (survey.question(str(row[name])) for name in ("pre_item", "post_item"))
    return [q for q in found if q is not None]


def exact(row: dict[str, object]) -> dict[str, object]:
    """A row without noise: the reading's effect is the rank-biserial r."""
    return {**row, "noisy": False, "effect": row.get("rank_biserial")}


def release(row: dict[str, object], survey: Survey, policy: DisclosurePolicy) -> dict[str, object]:
    """One construct's row as the room may see it, with fresh noise when the policy noises it.

    Called once per published batch; the result is stored (prepost_live), so
    reruns and replicas show the same noisy figure.
    """
    if row.get("suppressed") or not policy.noises_any(questions_of(row, survey)):
        return exact(row)
    noisy: dict[str, object] = {**row, **dict.fromkeys(WITHHELD), "noisy": True, "effect": None}
    spread = largest_change(row, survey)
    pairs = int(row["pairs"])  # type: ignore[call-overload]
    mean = row.get("mean_change")
    if spread is None or not spread or not isinstance(mean, int | float):
        noisy["mean_change"] = None
        return noisy
    total = policy.noisy_sum(float(mean) * pairs, spread + pairs * ROUNDING)
    noisy["mean_change"] = total / pairs
    noisy["effect"] = max(-1.0, min(1.0, total / pairs / spread))
    return noisy
