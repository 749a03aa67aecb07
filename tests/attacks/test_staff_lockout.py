"""Issue 23 point 4: a stranger with fresh tabs kept passphrase logins out (1 of 14 in 70 s)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from workshop import staff_credentials, staff_login


@pytest.mark.slow
def test_guesses_from_many_fresh_tabs_never_keep_staff_out(engine: Engine) -> None:
    credential = staff_credentials.ensure_credential(engine, "the right passphrase, long")
    backoff = staff_login.Backoff()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for tab in range(200):  # a script opening a fresh tab for every guess
        guess = staff_login.attempt_login(
            engine, credential, f"guess {tab}", now, connection_key=f"fresh{tab}", backoff=backoff
        )
        assert not guess.ok
        now += timedelta(seconds=0.05)
    staff = staff_login.attempt_login(
        engine,
        credential,
        "the right passphrase, long",
        now,
        connection_key="the facilitator's tab",
        backoff=backoff,
    )
    assert staff.ok, staff.message


def test_a_guessing_tab_still_waits_longer_and_longer(engine: Engine) -> None:
    credential = staff_credentials.ensure_credential(engine, "the right passphrase, long")
    backoff = staff_login.Backoff()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    waits = [
        staff_login.attempt_login(
            engine,
            credential,
            "guess",
            now + timedelta(seconds=100 * n),
            connection_key="one",
            backoff=backoff,
        ).wait_seconds
        for n in range(6)
    ]
    assert waits == [1, 1, 1, 2, 4, 8]
