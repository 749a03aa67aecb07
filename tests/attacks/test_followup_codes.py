"""Issue 23 point 5: the follow-up code oracle, and deletion through a guessed code."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from workshop import followup, followup_matches, participant_view, participants, sessions
from workshop.answers import save_answer
from workshop.loading import ContentLibrary

KEY = b"a" * 32


def _finished(engine: Engine, library: ContentLibrary, people: int) -> tuple[int, list[str]]:
    snapshot = library.snapshot("aftercare-workshop")
    session = sessions.create_session(engine, snapshot, open_now=True)
    ids = []
    for _ in range(people):
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, "aftercare_importance_pre", "3")
        participants.set_progress(engine, person.id, len(snapshot.survey.steps) - 1, finished=True)
        ids.append(person.id)
    return session.id, ids


def test_saving_a_self_made_code_never_says_whether_someone_has_it(
    engine: Engine, library: ContentLibrary
) -> None:
    """Finding: 'Save this code' said when a code was taken, without limit (21 guesses/s)."""
    _, (victim, attacker) = _finished(engine, library, 2)
    secret = followup.self_code("j", 14, "ro")
    followup.register_self_code(engine, victim, secret, key=KEY)
    answers = []
    for guess in [followup.self_code("j", day, "ro") for day in (12, 13, 14)]:
        try:
            followup.register_self_code(engine, attacker, guess, key=KEY)
            answers.append("saved")
        except followup.FollowUpError as exc:
            answers.append(str(exc))
    assert answers == ["saved", "saved", "saved"], "the victim's code must look like any other"
    with pytest.raises(followup.FollowUpError):  # and the guessing stops there
        followup.register_self_code(engine, attacker, followup.self_code("j", 15, "ro"), key=KEY)


def test_withdrawing_after_linking_a_guessed_code_leaves_the_victims_answers(
    engine: Engine, library: ContentLibrary
) -> None:
    """Finding: link a guessed self-made code in the follow-up, withdraw: victim's answers gone."""
    origin, (victim,) = _finished(engine, library, 1)
    secret = followup.self_code("j", 14, "ro")
    followup.register_self_code(engine, victim, secret, key=KEY)
    follow = sessions.create_session(
        engine, library.snapshot("aftercare-followup"), open_now=True, follow_up_of=origin
    )
    _, attacker = participants.join(engine, follow.code, consented=True)
    assert followup.link(engine, attacker.id, secret, key=KEY).linked  # a lucky guess
    participants.withdraw(engine, attacker.id)
    kept = participant_view.answers_for(engine, victim)
    assert kept["aftercare_importance_pre"].value == "3"
    assert followup_matches.pairs(engine, follow.id) == []
