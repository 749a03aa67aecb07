"""A demo session filled with a realistic spread of synthetic answers."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import Engine

from workshop import kinds, moderation, sessions
from workshop.answers import save_answer
from workshop.content import Measure, Question, SurveySnapshot
from workshop.participants import join, record_consent, set_progress

PREFERRED_SURVEY = "aftercare-workshop"


@dataclass(frozen=True)
class DemoResult:
    session: sessions.WorkshopSession
    participants: int
    answers: int


def _synthetic(
    rng: random.Random,
    question: Question,
    pre_answers: dict[str, str],
    weights: dict[str, list[float]],
) -> object:
    """A plausible answer to `question`, made by its kind (workshop/kinds.py)."""
    return kinds.spec(question.kind).demo(rng, question, pre_answers, weights)


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
