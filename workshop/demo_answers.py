"""Synthetic answers for the demo room, one generator per kind (the kinds' `demo`).

Each takes the random source, the question, the demo participant's earlier
pre answers (construct id -> likert code) and per-option weights drawn once
per room (item id -> one weight per option), so a room has a shape.
"""

from __future__ import annotations

import math
import random

from workshop.question import Measure, Question

_TEXTS = (
    "Staying close for a while and a glass of water.",
    "Being asked how I am, without pressure.",
    "Quiet time together, no phones.",
    "A warm blanket and a hug.",
    "Talking about what we liked.",
    "Knowing it's okay to need a moment alone.",
    "Checking in the next day too.",
    "Someone who notices when I go quiet.",
    "Reassurance that we're okay.",
    "Tea, a shower and some cuddling.",
)

# Words for `words` questions, most common first, so a demo room's cloud has
# some words above k and some below.
_WORDS = (
    "a hug",
    "quiet time",
    "water",
    "reassurance",
    "talking",
    "a blanket",
    "cuddles",
    "tea",
    "space",
    "checking in",
    "snacks",
    "music",
)


Weights = dict[str, list[float]]


def _likert(rng: random.Random, question: Question, shift: float) -> str:
    points = len(question.options)
    centre = points * 0.62 + shift
    value = round(rng.gauss(centre, points / 5))
    return question.options[min(points, max(1, value)) - 1].code


def likert(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    """Near the upper middle; a post item moves (mostly up) from the same person's pre answer."""
    if question.measure is Measure.post and question.construct_id in pre_answers:
        codes = list(question.option_codes)
        index = codes.index(pre_answers[question.construct_id])
        move = rng.choices([-1, 0, 1, 2], weights=[1, 5, 4, 1])[0]
        return codes[min(len(codes) - 1, max(0, index + move))]
    return _likert(rng, question, 0.0)


def one_option(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    return rng.choices(question.option_codes, weights=weights[question.id])[0]


def several_options(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    limit = question.max_choices or len(question.options)
    picked = [
        c
        for c, w in zip(question.option_codes, weights[question.id], strict=True)
        if rng.random() < w
    ]
    picked = picked[:limit] or [rng.choice(question.option_codes)]
    return picked


def ranking(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    codes = list(question.option_codes)
    return sorted(codes, key=lambda c: rng.random() * (1 + codes.index(c) * 0.4))


def number(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    """Log-normal around 15, within the bounds: counts of people, hours and the like."""
    low = question.min if question.min is not None else 0.0
    high = question.max if question.max is not None else 1000.0
    value = math.exp(rng.gauss(math.log(15), 0.7))
    value = min(high, max(low, value))
    return int(round(value)) if question.integer else round(value, 1)


def slider(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    low, high = question.min or 0.0, question.max or 10.0
    value = min(high, max(low, rng.gauss(low + (high - low) * 0.65, (high - low) / 5)))
    return int(round(value)) if question.integer else round(value, 1)


def text(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    return rng.choice(_TEXTS)[: question.text_limit]


def words(
    rng: random.Random, question: Question, pre_answers: dict[str, str], weights: Weights
) -> object:
    word_weights = [1 / (1 + i) for i in range(len(_WORDS))]
    given = {rng.choices(_WORDS, weights=word_weights)[0] for _ in range(rng.randint(1, 3))}
    return sorted(given)
