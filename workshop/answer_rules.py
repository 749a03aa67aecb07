"""How each kind of answer is checked and normalized (each kind's `normalize`).

Every refusal says what was wrong in words a participant understands; the
page shows it and keeps what was already saved. Each function takes an
answer that is not None.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from numbers import Real

from workshop import i18n
from workshop.errors import AnswerRejected
from workshop.i18n import _
from workshop.kind_shapes import WORD_MAX_LENGTH, WORDS_MAX
from workshop.question import Question

# Control characters and bidirectional overrides could hide or reorder text
# when a facilitator reads it; zero-width characters can disguise words.
_STRIP = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


@dataclass(frozen=True)
class NormalizedAnswer:
    value_json: str
    number: float | None
    codes: tuple[tuple[str, int], ...]  # (option code, rank position or 0)


def clean_text(text: str) -> str:
    return _STRIP.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(value: float) -> str:
    """A bound as a participant reads it: no needless decimals, in their language's style."""
    return i18n.short_number(value)


def _number(question: Question, raw: object) -> float | int:
    if isinstance(raw, bool) or not isinstance(raw, Real):
        if isinstance(raw, str):
            try:
                raw = float(raw.strip().replace(",", "."))
            except ValueError:
                raise AnswerRejected(_("Please enter a number.")) from None
        else:
            raise AnswerRejected(_("Please enter a number."))
    try:
        value = float(raw)
    except OverflowError:  # an int too large for a float (e.g. 10**400)
        raise AnswerRejected(_("Please enter an ordinary number.")) from None
    if not math.isfinite(value):
        raise AnswerRejected(_("Please enter an ordinary number."))
    unit = f" {question.unit}" if question.unit else ""
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise AnswerRejected(
                _("Please enter a number from {low} to {high}{unit}.").format(
                    low=_shown(low), high=_shown(high), unit=unit
                )
            )
        if low is not None:
            raise AnswerRejected(
                _("Please enter at least {low}{unit}.").format(low=_shown(low), unit=unit)
            )
        raise AnswerRejected(
            _("Please enter at most {high}{unit}.").format(high=_shown(high or 0.0), unit=unit)
        )
    if question.integer:
        if value != int(value):
            raise AnswerRejected(_("Please enter a whole number."))
        return int(value)
    return value


def _codes(question: Question, raw: object) -> list[str]:
    if isinstance(raw, str):
        raise AnswerRejected(_("Please choose from the list."))
    if not isinstance(raw, list | tuple):
        raise AnswerRejected(_("Please choose from the list."))
    chosen = list(raw)
    if not all(isinstance(c, str) for c in chosen):
        raise AnswerRejected(_("Please choose from the list."))
    if len(set(chosen)) != len(chosen):
        raise AnswerRejected(_("Each option can be chosen only once."))
    unknown = [c for c in chosen if c not in question.option_codes]
    if unknown:
        raise AnswerRejected(_("That choice is not one of this question's options."))
    return chosen


def _words(raw: object) -> list[str]:
    """One to WORDS_MAX short words or phrases; blanks dropped, repeats kept once."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or not all(isinstance(w, str) for w in raw):
        raise AnswerRejected(_("Please type your words as text."))
    given: list[str] = []
    for entry in raw:
        word = " ".join(clean_text(entry).split())
        if word and word.casefold() not in {g.casefold() for g in given}:
            given.append(word)
    if not given:
        raise AnswerRejected(_("Type at least one word, or choose 'Prefer not to answer'."))
    if len(given) > WORDS_MAX:
        raise AnswerRejected(
            _("Please give at most {count} words or short phrases.").format(count=WORDS_MAX)
        )
    long = [w for w in given if len(w) > WORD_MAX_LENGTH]
    if long:
        raise AnswerRejected(
            _(
                "Please keep each word or phrase to {limit} characters (“{word}…” is {length})."
            ).format(limit=WORD_MAX_LENGTH, word=long[0][:WORD_MAX_LENGTH], length=len(long[0]))
        )
    return given


def choose_one(question: Question, raw: object) -> NormalizedAnswer:
    if not isinstance(raw, str) or raw not in question.option_codes:
        raise AnswerRejected(_("Please choose one of the options."))
    return NormalizedAnswer(json.dumps(raw), None, ((raw, 0),))


def choose_several(question: Question, raw: object) -> NormalizedAnswer:
    chosen = _codes(question, raw)
    if not chosen:
        raise AnswerRejected(_("Choose at least one option, or 'Prefer not to answer'."))
    if question.max_choices is not None and len(chosen) > question.max_choices:
        raise AnswerRejected(_("Please choose at most {count}.").format(count=question.max_choices))
    ordered = [c for c in question.option_codes if c in chosen]
    return NormalizedAnswer(json.dumps(ordered), None, tuple((c, 0) for c in ordered))


def rank_all(question: Question, raw: object) -> NormalizedAnswer:
    chosen = _codes(question, raw)
    if sorted(chosen) != sorted(question.option_codes):
        raise AnswerRejected(_("Please put every option in order."))
    return NormalizedAnswer(
        json.dumps(chosen), None, tuple((c, i) for i, c in enumerate(chosen, start=1))
    )


def number(question: Question, raw: object) -> NormalizedAnswer:
    value = _number(question, raw)
    return NormalizedAnswer(json.dumps(value), float(value), ())


def free_text(question: Question, raw: object) -> NormalizedAnswer:
    if not isinstance(raw, str):
        raise AnswerRejected(_("Please type your answer as text."))
    text = clean_text(raw)
    if not text:
        raise AnswerRejected(
            _("The answer is empty. Type something or choose 'Prefer not to answer'.")
        )
    if len(text) > question.text_limit:
        raise AnswerRejected(
            _("Please keep it to {limit} characters (this is {length}).").format(
                limit=i18n.number(question.text_limit), length=i18n.number(len(text))
            )
        )
    return NormalizedAnswer(json.dumps(text, ensure_ascii=False), None, ())


def word_list(question: Question, raw: object) -> NormalizedAnswer:
    return NormalizedAnswer(json.dumps(_words(raw), ensure_ascii=False), None, ())
