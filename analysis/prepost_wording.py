"""Plain-language wording of the before/after comparison (no Streamlit).

The projector shows the room what changed in words; the statistics go to a
secondary table for researchers. Rules:

1. A question is named by its `short_label`, else by its text cut at a word
   boundary to SHORT_TEXT characters; never by an internal id (a question
   missing from the survey is "Question N").
2. The reading is one line from the matched-pairs rank-biserial r (the balance
   of moves up against moves down, weighted by their size): |r| < 0.1 about the
   same; below 0.3 "a little"; below 0.5 plain; from 0.5 "clearly".
3. A direction is named only where the answers form a scale: a likert
   question's end labels, a number or slider's end labels (else "higher" or
   "lower"). Any other kind is scored by option position, which is no scale,
   so its reading says only how much answers changed.
4. Fewer than k pairs: the reading says so and no figure is shown.
5. Numbers are rounded for people: changes to one decimal with a sign, r and
   its interval to two decimals, p to three (or "< 0.001").
6. A row with noise (analysis/prepost_noise.py) has only a noisy mean change:
   it reads "about +0.8 points", the reading's strength comes from that change
   as a share of the largest possible one, and the other statistics are blank.
7. A knowledge item is scored 1 for the keyed answer and 0 for any other, so
   its change is in percentage points answering correctly (the knowledge
   score's: in items), never a "Mean change" in points (`statistics`). The
   page, the pooled view and the report's appendix share these rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis import kinds
from analysis.disclosure.noise import about
from analysis.kinds import Scale
from analysis.prepost import KNOWLEDGE
from workshop import i18n
from workshop.content import Question, Survey
from workshop.i18n import N_, _

SHORT_TEXT = 48
LITTLE, MODERATE, CLEAR = 0.1, 0.3, 0.5

KNOWLEDGE_LABEL = N_("Knowledge score (items answered correctly)")
CHANGE_CORRECT = "Change in answers correct"
KNOWLEDGE_NOTE = N_(
    "Each knowledge item scores 1 for the right answer and 0 for any other, so its change is in "
    "percentage points of people answering correctly (the knowledge score's: in items)."
)


def short_label(question: Question) -> str:
    """The question's short label, or its text shortened at a word boundary."""
    if question.short_label:
        return question.short_label
    text = " ".join(question.text.split())
    if len(text) <= SHORT_TEXT:
        return text
    cut = text[: SHORT_TEXT - 1].rsplit(" ", 1)[0].rstrip(" ,;:?.!-")
    return f"{cut}…"


def _ends(question: Question) -> tuple[str, str] | None:
    """(low end, high end) in words, or None when the answers have no direction."""
    scale = kinds.spec(question.kind).scale
    if scale is Scale.points and question.options:
        return question.options[0].label, question.options[-1].label
    if scale is Scale.numbers:
        if question.min_label and question.max_label:
            return question.min_label, question.max_label
        return "lower", "higher"
    return None


def _strength(r: float) -> str | None:
    size = abs(r)
    if size < LITTLE:
        return None
    if size < MODERATE:
        return "a little"
    if size < CLEAR:
        return ""
    return "clearly"


UNBOUNDED = "Not shown: with noise on, a question needs a lowest and a highest answer."


def reading(question: Question | None, r: float | None, *, suppressed: bool, k: int) -> str:
    """One line for the room: what changed between before and after.

    `r` is the effect from -1 to 1: the rank-biserial r, or with noise the
    noisy mean change as a share of the largest possible change.
    """
    if suppressed:
        return f"Not shown: fewer than {k} people answered both before and after."
    if r is None:
        return UNBOUNDED
    strength = _strength(r)
    if strength is None:
        return "About the same before and after."
    ends = _ends(question) if question is not None else None
    adverb = f" {strength}" if strength else ""
    if ends is None:
        return f"Answers changed{adverb} between before and after."
    low, high = ends
    if low in ("lower", "higher"):
        return f"Answers moved{adverb} {'higher' if r > 0 else 'lower'}."
    return f"Answers moved{adverb} toward “{high if r > 0 else low}”."


def signed(value: float | None, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return ""
    shown = round(float(value), digits)
    if not shown:
        return i18n.number(0, digits)
    return ("+" if shown > 0 else "-") + i18n.number(abs(shown), digits)


def p_text(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return ""
    return f"< {i18n.number(0.001, 3)}" if p < 0.001 else i18n.number(p, 3)


def change_text(
    question: Question | None, mean_change: float | None, *, noisy: bool = False
) -> str:
    """The average change in the answer's own units ("+0.8 points", "about +1.5 hours")."""
    text = signed(mean_change, 1)
    if not text or question is None or _ends(question) is None:
        return ""  # positions on an unordered list are no unit to report
    text = about(text) if noisy else text
    if kinds.spec(question.kind).scale is Scale.numbers and question.unit:
        return f"{text} {question.unit}"
    return f"{text} points"


def is_noisy(row: Any) -> bool:
    """Whether a row carries noise (a live row; tables from the export have no such column)."""
    return getattr(row, "noisy", False) is True


NOISE_NOTE = (
    "Changes marked “about” are approximate (a little random noise), so nobody's answer can "
    "be worked out; their other statistics are left out here and kept in the session report."
)


def noise_note(results: pd.DataFrame) -> str | None:
    """The note under the view when any row carries noise."""
    return NOISE_NOTE if any(is_noisy(row) for row in results.itertuples(index=False)) else None


def effect(row: Any) -> float | None:
    """The reading's effect, -1 to 1: the noisy share of the largest change, else r."""
    return _number(row.effect if is_noisy(row) else row.rank_biserial)


@dataclass(frozen=True)
class Line:
    """One construct as the room sees it."""

    label: str
    reading: str
    people: int | None  # pairs; None when fewer than k
    change: str  # "" when suppressed or when the answers are no scale

    @property
    def sentence(self) -> str:
        """The reading with who it is about: "Answers moved toward “Agree” (12 people, +0.8 points on average)."."""
        if self.people is None:
            return self.reading
        detail = f"{self.people} people" + (f", {self.change} on average" if self.change else "")
        return f"{self.reading[:-1]} ({detail})."


def lines(results: pd.DataFrame, survey: Survey, k: int) -> list[Line]:
    """One Line per row of prepost.table, in the table's order."""
    out = []
    for number, (row, question) in enumerate(_rows(results, survey), start=1):
        hidden = bool(row.suppressed)
        out.append(
            Line(
                label=_label(row, question, f"Question {number}"),
                reading=reading(question, effect(row), suppressed=hidden, k=k),
                people=None if hidden else int(row.pairs),
                change=""
                if hidden
                else change_text(question, _number(row.mean_change), noisy=is_noisy(row)),
            )
        )
    return out


def researcher_rows(results: pd.DataFrame, survey: Survey) -> list[dict[str, object]]:
    """The secondary table: the statistics, rounded, with the construct and item ids."""
    rows: list[dict[str, object]] = []
    for row, question in _rows(results, survey):
        hidden = bool(row.suppressed)
        low, high = _number(row.ci_low), _number(row.ci_high)
        rows.append(
            {
                "Question": _label(row, question, ""),
                "Construct": str(row.construct),
                "Items": f"{row.pre_item} → {row.post_item}",
                "Pairs": "" if hidden else int(row.pairs),
                "Mean change": "" if hidden else _mean_text(row),
                "Median change": "" if hidden else signed(_number(row.median_change), 2),
                "Rank-biserial r": "" if hidden else signed(_number(row.rank_biserial), 2),
                "95% CI of r": ""
                if hidden or low is None or high is None
                else _("{low} to {high}").format(low=signed(low, 2), high=signed(high, 2)),
                "Wilcoxon p": "" if hidden else p_text(_number(row.p_value)),
                "Unmatched": ""
                if hidden or _number(row.unmatched_rate) is None
                else i18n.percent(float(row.unmatched_rate)),
            }
        )
    return rows


def is_knowledge(construct: str, question: Question | None) -> bool:
    """Scored right or wrong: a knowledge item, or the knowledge score over them."""
    return construct == KNOWLEDGE or (question is not None and question.knowledge)


def knowledge_change(construct: str, change: object, *, noisy: bool = False) -> str:
    """A right-or-wrong change: percentage points of answers correct (the score: items)."""
    number = _number(change)
    if number is None:
        return ""
    if construct == KNOWLEDGE:
        text = _("{change} items").format(change=signed(number, 1))
    else:
        text = _("{change} percentage points").format(change=signed(100 * number, 0))
    return about(text) if noisy else text


@dataclass(frozen=True)
class Statistics:
    """One construct's row of the researchers' table: the question by its label, no ids."""

    question: str
    figures: dict[str, object]
    knowledge: bool  # scored right or wrong: its change is in share correct, never "points"
    items: str  # "pre id → post id", for a list of ids kept apart (the report's appendix)


def statistics(results: pd.DataFrame, survey: Survey) -> list[Statistics]:
    """researcher_rows without the ids, knowledge rows as a change in answers correct."""
    out = []
    for row, (r, question) in zip(
        researcher_rows(results, survey), _rows(results, survey), strict=True
    ):
        knowledge = is_knowledge(str(r.construct), question)
        figures = {key: value for key, value in row.items() if key not in ("Construct", "Items")}
        if knowledge:  # scored 1 right, 0 not: a change in share correct, never "points"
            del figures["Mean change"], figures["Median change"]
            change = (
                ""
                if r.suppressed
                else knowledge_change(str(r.construct), r.mean_change, noisy=is_noisy(r))
            )
            figures = {
                "Question": figures.pop("Question"),
                "Pairs": figures.pop("Pairs"),
                CHANGE_CORRECT: change,
                **figures,
            }
        out.append(Statistics(str(row["Question"]), figures, knowledge, str(row["Items"])))
    return out


def scale_rows(results: pd.DataFrame, survey: Survey) -> pd.DataFrame:
    """The rows answered on a scale or a choice: knowledge rows are told as share correct."""
    keep = [not is_knowledge(str(r.construct), q) for r, q in _rows(results, survey)]
    return results.loc[keep].reset_index(drop=True)


def knowledge_pairs(results: pd.DataFrame, survey: Survey) -> list[Question]:
    """The knowledge items asked before and after, each pre item followed by its post item."""
    out: list[Question] = []
    for row, question in _rows(results, survey):
        after = survey.question(str(row.post_item))
        if str(row.construct) != KNOWLEDGE and question is not None and question.knowledge:
            out.extend(q for q in (question, after) if q is not None)
    return out


def chart_summary(results: pd.DataFrame, survey: Survey, k: int) -> list[str]:
    """The chart's content as sentences, for screen readers (same figures as the tables)."""
    return [f"{line.label}: {line.sentence}" for line in lines(results, survey, k)]


def _mean_text(row: Any) -> str:
    text = signed(_number(row.mean_change), 2)
    return about(text) if is_noisy(row) and text else text


def _label(row: Any, question: Question | None, fallback: str) -> str:
    if str(row.construct) == KNOWLEDGE:  # the knowledge score's row has no one question
        return _(KNOWLEDGE_LABEL)
    return short_label(question) if question else fallback


def _rows(results: pd.DataFrame, survey: Survey) -> Iterator[tuple[Any, Question | None]]:
    for row in results.itertuples(index=False):
        yield row, survey.question(str(row.pre_item))


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
