"""A demo session filled with a realistic spread of synthetic answers."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from sqlalchemy import Engine

from workshop import moderation, sessions
from workshop.answers import save_answer
from workshop.content import Measure, Question, QuestionKind, SurveySnapshot
from workshop.participants import join, record_consent, set_progress

PREFERRED_SURVEY = "aftercare-workshop"

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


@dataclass(frozen=True)
class DemoResult:
    session: sessions.WorkshopSession
    participants: int
    answers: int


def _likert(rng: random.Random, question: Question, shift: float) -> str:
    points = len(question.options)
    centre = points * 0.62 + shift
    value = round(rng.gauss(centre, points / 5))
    return question.options[min(points, max(1, value)) - 1].code


def _synthetic(
    rng: random.Random,
    question: Question,
    pre_answers: dict[str, str],
    weights: dict[str, list[float]],
) -> object:
    kind = question.kind
    if kind is QuestionKind.likert:
        if question.measure is Measure.post and question.construct_id in pre_answers:
            codes = list(question.option_codes)
            index = codes.index(pre_answers[question.construct_id])
            move = rng.choices([-1, 0, 1, 2], weights=[1, 5, 4, 1])[0]
            return codes[min(len(codes) - 1, max(0, index + move))]
        return _likert(rng, question, 0.0)
    if kind is QuestionKind.single:
        return rng.choices(question.option_codes, weights=weights[question.id])[0]
    if kind is QuestionKind.multiple:
        limit = question.max_choices or len(question.options)
        picked = [
            c
            for c, w in zip(question.option_codes, weights[question.id], strict=True)
            if rng.random() < w
        ]
        picked = picked[:limit] or [rng.choice(question.option_codes)]
        return picked
    if kind is QuestionKind.ranking:
        codes = list(question.option_codes)
        return sorted(codes, key=lambda c: rng.random() * (1 + codes.index(c) * 0.4))
    if kind is QuestionKind.number:
        low = question.min if question.min is not None else 0.0
        high = question.max if question.max is not None else 1000.0
        value = math.exp(rng.gauss(math.log(15), 0.7))
        value = min(high, max(low, value))
        return int(round(value)) if question.integer else round(value, 1)
    if kind is QuestionKind.slider:
        low, high = question.min or 0.0, question.max or 10.0
        value = min(high, max(low, rng.gauss(low + (high - low) * 0.65, (high - low) / 5)))
        return int(round(value)) if question.integer else round(value, 1)
    if kind is QuestionKind.words:
        word_weights = [1 / (1 + i) for i in range(len(_WORDS))]
        words = {rng.choices(_WORDS, weights=word_weights)[0] for _ in range(rng.randint(1, 3))}
        return sorted(words)
    return rng.choice(_TEXTS)[: question.text_limit]


def choose_survey(available: list[str]) -> str:
    return PREFERRED_SURVEY if PREFERRED_SURVEY in available else sorted(available)[0]


def fill(
    engine: Engine, snapshot: SurveySnapshot, *, participants: int = 24, seed: int = 7
) -> DemoResult:
    """Create and open a session, then answer it as `participants` synthetic people."""
    rng = random.Random(seed)
    session = sessions.create_session(
        engine, snapshot, title=f"Demo: {snapshot.survey.title}", open_now=True
    )
    questions = snapshot.survey.questions
    weights = {
        q.id: [rng.random() ** 1.5 + 0.05 for _ in q.options] for q in questions if q.options
    }
    steps = len(snapshot.survey.steps)
    stored = 0
    for _ in range(participants):
        _, participant = join(engine, session.code)
        record_consent(engine, participant.id)
        stop_at = steps if rng.random() > 0.15 else rng.randrange(1, steps)
        pre: dict[str, str] = {}
        for question in questions:
            step = snapshot.survey.step_of(question.id)
            if step is None or step >= stop_at:
                break
            if rng.random() < 0.07:
                save_answer(engine, participant.id, question.id, declined=True)
            else:
                value = _synthetic(rng, question, pre, weights)
                save_answer(engine, participant.id, question.id, value)
                if question.measure is Measure.pre and question.construct_id:
                    pre[question.construct_id] = str(value)  # a likert code
            stored += 1
        set_progress(engine, participant.id, min(stop_at, steps - 1), finished=stop_at >= steps)
    for text in moderation.texts(engine, session.id):
        if rng.random() < 0.6:
            moderation.set_status(
                engine, session.id, text.participant_id, text.item_id, moderation.Status.approved
            )
    return DemoResult(
        session=sessions.get_session(engine, session.id), participants=participants, answers=stored
    )
