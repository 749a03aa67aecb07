"""Issue 23 point 2: a marker written through every path is gone after withdrawal and the purge.

Paths: a choice answer beside free text (moderated and approved), a words
answer, a question-box question (approved and voted on), a follow-up code and
the follow-up part it links. Charts are published and released to phones
before anyone leaves, so the stored batches and the released snapshot had
every chance to keep a copy. Afterwards no table's rows (SQLite and
PostgreSQL) and no SQLite file (main, -wal, -shm) may hold the marker, a
follow-up code or its hash; only the aggregates the policy allows (a word k
people gave, as a count) survive the purge.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from analysis import live, retained
from analysis.disclosure import DisclosurePolicy
from workshop import (
    db,
    followup,
    moderation,
    participants,
    published,
    question_box,
    retention,
    sessions,
)
from workshop.answers import save_answer
from workshop.content import Question, QuestionKind, Survey, SurveySnapshot
from workshop.loading import ContentLibrary
from workshop.schema import metadata

KEY = b"k" * 32
WORDS = Question(id="need_words", kind=QuestionKind.words, text="One word you need")
WITHDRAWN = "withdrawnmarker7f3a"
EXPIRED = "expiredmarker5c1e"
COMMON = "chamomile"  # given by every bystander: an aggregate of k or more may survive


def _survey(library: ContentLibrary) -> SurveySnapshot:
    first = library.snapshot("first-look")
    steps = (first.survey.question("low_mood_ever"), first.survey.question("one_word"), WORDS)
    survey = Survey(id="marker", version=1, title="Markers", steps=steps)  # type: ignore[arg-type]
    return SurveySnapshot(survey=survey, modules={}, resources=first.resources)


def _everything(engine: Engine, session_id: int, marker: str) -> str:
    """One participant writes `marker` through every path; returns their id."""
    _, person = participants.join(engine, _code(engine, session_id), consented=True)
    save_answer(engine, person.id, "low_mood_ever", "no")
    save_answer(engine, person.id, "one_word", f"{marker} and {COMMON}")
    moderation.set_status(engine, session_id, person.id, "one_word", moderation.Status.approved)
    save_answer(engine, person.id, "need_words", [marker, COMMON])
    asked = question_box.ask(engine, person.id, f"What about {marker}?")
    version = moderation.version_of(f"What about {marker}?")
    question_box.set_status(
        engine, session_id, asked, question_box.Status.approved, version=version
    )
    question_box.upvote(engine, person.id, asked)
    participants.set_progress(engine, person.id, 3, finished=True)
    return person.id


def _code(engine: Engine, session_id: int) -> str:
    return sessions.get_session(engine, session_id).code


def _rows(engine: Engine) -> str:
    """Every value of every table on the schema, as text."""
    out = []
    with db.read(engine) as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)).all():
                out.append(f"{table.name}: {' | '.join(str(v) for v in row)}")
    return "\n".join(out)


def _files(engine: Engine) -> bytes:
    if engine.dialect.name != "sqlite":
        return b""
    main = Path(str(engine.url.database))
    return b"".join(
        Path(f"{main}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{main}{suffix}").exists()
    )


def _publish_and_release(engine: Engine, session: sessions.WorkshopSession) -> None:
    survey = sessions.get_snapshot(engine, session.id).survey
    data = live.collect(engine, session.id, survey)
    views = live.BatchedViews(live.DatabaseBatchStore(engine))
    policy = DisclosurePolicy.for_session(session.settings)
    for question in survey.questions:
        assert views.current(session.id, question, data, policy).view.ready
    assert published.release(engine, session.id) == len(survey.questions)


def _gone(engine: Engine, *secrets: str) -> None:
    rows, files = _rows(engine), _files(engine)
    for secret in secrets:
        assert secret not in rows, secret
        assert secret.encode() not in files, secret


@pytest.mark.slow
def test_a_marker_through_every_path_survives_neither_withdrawal_nor_purge(
    engine: Engine, library: ContentLibrary
) -> None:
    session = sessions.create_session(engine, _survey(library), open_now=True, retention_days=0)
    policy = DisclosurePolicy.for_session(session.settings)
    for n in range(policy.k):
        _everything(engine, session.id, f"{COMMON}{'x' * n}")  # k bystanders share COMMON
    leaving = _everything(engine, session.id, WITHDRAWN)
    staying = _everything(engine, session.id, EXPIRED)
    code = followup.opt_in(engine, leaving, key=KEY)
    kept_code = followup.opt_in(engine, staying, key=KEY)
    hashes = [followup.code_hash(KEY, c) for c in (code, kept_code)]
    follow = sessions.create_session(
        engine, library.snapshot("aftercare-followup"), open_now=True, follow_up_of=session.id
    )
    _, later_part = participants.join(engine, follow.code, consented=True)
    save_answer(engine, later_part.id, "followup_comment", f"{WITHDRAWN} later")
    assert followup.link(engine, later_part.id, code, key=KEY).linked
    _publish_and_release(engine, session)
    assert WITHDRAWN in _rows(engine) and hashes[0] in _rows(engine)  # the test sees them

    participants.withdraw(engine, leaving)  # both parts: linked by a random code
    _gone(engine, WITHDRAWN, code, hashes[0])
    assert EXPIRED in _rows(engine)  # the purge's marker is still there, until the purge

    sessions.close_session(engine, session.id)
    retention.purge(engine, retained.published, now=datetime.now(UTC) + timedelta(days=1))
    _gone(engine, WITHDRAWN, EXPIRED, code, kept_code, *hashes)
    kept = retention.kept_aggregates(engine, session.id)
    assert kept is not None  # what the policy allows survives: counts of k or more
    words = kept["questions"]["need_words"]["words"]
    assert [COMMON, policy.k + 1] in words
    assert all(n >= policy.k for _, n in words)
