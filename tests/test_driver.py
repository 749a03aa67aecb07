"""The tap's write transaction on the driver: commits, rolls back, raises like SQLAlchemy."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, event, func, select
from sqlalchemy.exc import IntegrityError

from workshop import db, driver, participant_view, participants, sessions
from workshop.schema import answers
from workshop.schema import participants as participant_rows

_INSERT_ANSWER = driver.Prepared(
    answers.insert().values(
        participant_id=bindparam("pid"),
        item_id=bindparam("item"),
        session_id=bindparam("sid"),
        value=bindparam("value"),
        declined=False,
    )
)
_PARTICIPANT = driver.Prepared(
    select(participant_rows.c.step, participant_rows.c.finished).where(
        participant_rows.c.id == bindparam("pid")
    )
)
_FINISH = driver.Prepared(
    participant_rows.update()
    .where(participant_rows.c.id == bindparam("pid"))
    .values(step=bindparam("step"), finished=True)
)


@pytest.fixture
def participant(engine, library):
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    return participants.join(engine, session.code, consented=True)[1]


def _answers(engine) -> int:
    with db.read(engine) as connection:
        return connection.execute(select(func.count()).select_from(answers)).scalar_one()


def test_statements_commit_together_and_values_bound_in_the_statement_apply(
    engine, participant
) -> None:
    with driver.write(engine) as tx:
        changed = tx.run(_FINISH, pid=participant.id, step=4)  # finished=True is in the statement
        row = tx.one(_PARTICIPANT, pid=participant.id)
        tx.run(
            _INSERT_ANSWER,
            pid=participant.id,
            item="importance_pre",
            sid=participant.session_id,
            value='"3"',
        )
    assert changed == 1 and row["step"] == 4 and bool(row["finished"])
    assert participants.get_participant(engine, participant.id).finished
    assert participant_view.answers_for(engine, participant.id)["importance_pre"].value == "3"
    with driver.write(engine) as tx:
        assert tx.one(_PARTICIPANT, pid="0" * 32) is None


def test_an_error_rolls_everything_back_and_hides_the_parameters(engine, participant) -> None:
    secret = "my private answer"
    with pytest.raises(IntegrityError) as raised, driver.write(engine) as tx:
        tx.run(_FINISH, pid=participant.id, step=2)
        tx.run(  # nobody has this id: the foreign key refuses it
            _INSERT_ANSWER, pid="f" * 32, item="importance_pre", sid=participant.session_id,
            value=f'"{secret}"',
        )  # fmt: skip
    assert secret not in str(raised.value)  # errors may be logged; answers must not be
    assert participants.get_participant(engine, participant.id).step == 0  # rolled back
    assert _answers(engine) == 0


def test_a_failure_outside_sql_rolls_back_too(engine, participant) -> None:
    with pytest.raises(RuntimeError), driver.write(engine) as tx:
        tx.run(_FINISH, pid=participant.id, step=3)
        raise RuntimeError("the page changed its mind")
    assert participants.get_participant(engine, participant.id).step == 0
    with driver.write(engine) as tx:  # the connection went back to the pool clean
        assert tx.run(_FINISH, pid=participant.id, step=1) == 1
    assert participants.get_participant(engine, participant.id).step == 1


def test_writes_use_the_connection_db_write_would(engine) -> None:
    writer = db.writer(engine)  # SQLite: the one writer connection; PostgreSQL: the pool
    checkouts: list[object] = []

    def checkout(_dbapi_connection, record, _proxy) -> None:
        checkouts.append(record)

    event.listen(writer.pool, "checkout", checkout)
    try:
        with driver.write(engine) as tx:
            assert tx.dialect.name == engine.dialect.name
            assert writer.pool.checkedout() == 1
    finally:
        event.remove(writer.pool, "checkout", checkout)
    assert len(checkouts) == 1 and writer.pool.checkedout() == 0
