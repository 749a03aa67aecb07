"""Staff passphrase: hashed only, generated once across processes, wrong guesses limited."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from workshop import auth, db


@pytest.fixture
def staff_engine(engine):
    with db.write(engine) as connection:
        connection.execute(delete(auth.staff_credentials))
    yield engine
    with db.write(engine) as connection:
        connection.execute(delete(auth.staff_credentials))


def test_hash_is_salted_and_verifies() -> None:
    first, second = auth.hash_passphrase("correct horse"), auth.hash_passphrase("correct horse")
    assert first != second  # salted
    assert "correct horse" not in first
    assert auth.verify_passphrase("correct horse", first)
    assert auth.verify_passphrase("correct horse", second)
    assert not auth.verify_passphrase("correct hors", first)
    assert not auth.verify_passphrase("correct horse", "garbage")
    assert not auth.verify_passphrase("x", "md5$1$2$3$4$5")


def test_generated_passphrase_is_long_and_random() -> None:
    seen = {auth.generate_passphrase() for _ in range(50)}
    assert len(seen) == 50
    assert all(len(p.split("-")) == 6 for p in seen)


def test_configured_passphrase_must_be_long_enough() -> None:
    with pytest.raises(auth.PassphraseError, match="at least 10"):
        auth.check_configured("short")


def test_first_start_generates_once_and_stores_only_a_hash(staff_engine) -> None:
    first = auth.ensure_credential(staff_engine, None)
    assert first.generated_now and not first.configured
    assert auth.verify_passphrase(first.generated_now, first.passphrase_hash)
    # a restart (or a second replica) gets the same hash and nothing to print
    again = auth.ensure_credential(staff_engine, None)
    assert again.generated_now is None
    assert again.passphrase_hash == first.passphrase_hash
    with db.read(staff_engine) as connection:
        stored = connection.execute(select(auth.staff_credentials)).all()
    assert len(stored) == 1
    assert first.generated_now not in repr(tuple(stored[0]))


def test_parallel_first_starts_print_exactly_one_passphrase(staff_engine) -> None:
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: auth.ensure_credential(staff_engine, None), range(4)))
    printed = [r.generated_now for r in results if r.generated_now]
    assert len(printed) == 1
    assert {r.passphrase_hash for r in results} == {results[0].passphrase_hash}
    assert all(auth.verify_passphrase(printed[0], r.passphrase_hash) for r in results)


def test_configured_passphrase_wins_and_is_not_stored(staff_engine) -> None:
    credential = auth.ensure_credential(staff_engine, "a long configured phrase")
    assert credential.configured and credential.generated_now is None
    assert auth.verify_passphrase("a long configured phrase", credential.passphrase_hash)
    with db.read(staff_engine) as connection:
        assert connection.execute(select(auth.staff_credentials)).all() == []


def test_reset_replaces_the_generated_passphrase(staff_engine) -> None:
    old = auth.ensure_credential(staff_engine, None)
    new_plain = auth.reset_generated(staff_engine)
    new = auth.ensure_credential(staff_engine, None)
    assert auth.verify_passphrase(new_plain, new.passphrase_hash)
    assert not auth.verify_passphrase(old.generated_now, new.passphrase_hash)


def test_wrong_guesses_wait_longer_and_longer_for_everyone(staff_engine) -> None:
    credential = auth.ensure_credential(staff_engine, "the right passphrase")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    waits = []
    for _ in range(7):
        result = auth.attempt_login(staff_engine, credential, "guess", now)
        assert not result.ok
        waits.append(result.wait_seconds)
        # even the right passphrase is refused unheard while the wait runs
        # (a new tab or browser shares this counter: it lives in the database)
        blocked = auth.attempt_login(staff_engine, credential, "the right passphrase", now)
        assert not blocked.ok and "Too many" in blocked.message
        now += timedelta(seconds=result.wait_seconds)
    assert waits == [1, 1, 1, 2, 4, 8, 16]
    assert auth.wait_after(50) == auth.MAX_WAIT
    ok = auth.attempt_login(staff_engine, credential, "  the right passphrase ", now)
    assert ok.ok
    # success resets the counter
    after = auth.attempt_login(staff_engine, credential, "guess", now + timedelta(seconds=5))
    assert after.wait_seconds == 1


def test_parallel_guesses_are_refused_not_all_checked(staff_engine) -> None:
    credential = auth.ensure_credential(staff_engine, "the right passphrase")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda i: auth.attempt_login(staff_engine, credential, f"g{i}", now), range(8))
        )
    assert sum("Too many" in r.message for r in results) == 7
