"""Staff passphrase: hashed only, generated once across processes, wrong guesses limited."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from workshop import db, passphrases, schema, staff_credentials, staff_login, staff_tokens


@pytest.fixture
def staff_engine(engine):
    with db.write(engine) as connection:
        connection.execute(delete(schema.staff_credentials))
    yield engine
    with db.write(engine) as connection:
        connection.execute(delete(schema.staff_credentials))


def test_hash_is_salted_and_verifies() -> None:
    first, second = (
        passphrases.hash_passphrase("correct horse"),
        passphrases.hash_passphrase("correct horse"),
    )
    assert first != second  # salted
    assert "correct horse" not in first
    assert passphrases.verify_passphrase("correct horse", first)
    assert passphrases.verify_passphrase("correct horse", second)
    assert not passphrases.verify_passphrase("correct hors", first)
    assert not passphrases.verify_passphrase("correct horse", "garbage")
    assert not passphrases.verify_passphrase("x", "md5$1$2$3$4$5")


def test_generated_passphrase_is_long_and_random() -> None:
    seen = {passphrases.generate_passphrase() for _ in range(50)}
    assert len(seen) == 50
    assert all(len(p.split("-")) == passphrases.PASSPHRASE_WORDS + 1 for p in seen)
    assert all(set(p.split("-")[:-1]) <= set(passphrases._WORDS) for p in seen)


def test_the_stated_entropy_is_what_the_word_list_gives() -> None:
    """Issue 16 finding 16: the code claimed about 60 bits and gave about 41."""
    import math

    assert len(set(passphrases._WORDS)) == len(passphrases._WORDS), "duplicate words add no entropy"
    sample = passphrases.generate_passphrase()
    words, digits = sample.split("-")[:-1], sample.split("-")[-1]
    real = len(words) * math.log2(len(set(passphrases._WORDS))) + len(digits) * math.log2(10)
    assert real == pytest.approx(passphrases.ENTROPY_BITS)
    assert real >= 60


def test_configured_passphrase_must_be_long_enough() -> None:
    with pytest.raises(passphrases.PassphraseError, match="at least 10"):
        passphrases.check_configured("short")


def test_first_start_generates_once_and_stores_only_a_hash(staff_engine) -> None:
    first = staff_credentials.ensure_credential(staff_engine, None)
    assert first.generated_now and not first.configured
    assert passphrases.verify_passphrase(first.generated_now, first.passphrase_hash)
    # a restart (or a second replica) gets the same hash and nothing to print
    again = staff_credentials.ensure_credential(staff_engine, None)
    assert again.generated_now is None
    assert again.passphrase_hash == first.passphrase_hash
    with db.read(staff_engine) as connection:
        stored = connection.execute(select(schema.staff_credentials)).all()
    assert len(stored) == 1
    assert first.generated_now not in repr(tuple(stored[0]))


def test_parallel_first_starts_print_exactly_one_passphrase(staff_engine) -> None:
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _: staff_credentials.ensure_credential(staff_engine, None), range(4))
        )
    printed = [r.generated_now for r in results if r.generated_now]
    assert len(printed) == 1
    assert {r.passphrase_hash for r in results} == {results[0].passphrase_hash}
    assert all(passphrases.verify_passphrase(printed[0], r.passphrase_hash) for r in results)


def test_configured_passphrase_wins_and_is_not_stored(staff_engine) -> None:
    credential = staff_credentials.ensure_credential(staff_engine, "a long configured phrase")
    assert credential.configured and credential.generated_now is None
    assert passphrases.verify_passphrase("a long configured phrase", credential.passphrase_hash)
    with db.read(staff_engine) as connection:
        assert connection.execute(select(schema.staff_credentials)).all() == []


def test_reset_replaces_the_generated_passphrase(staff_engine) -> None:
    old = staff_credentials.ensure_credential(staff_engine, None)
    new_plain = staff_credentials.reset_generated(staff_engine)
    new = staff_credentials.ensure_credential(staff_engine, None)
    assert passphrases.verify_passphrase(new_plain, new.passphrase_hash)
    assert not passphrases.verify_passphrase(old.generated_now, new.passphrase_hash)


@pytest.mark.slow
def test_wrong_guesses_from_one_tab_wait_longer_and_longer(staff_engine) -> None:
    credential = staff_credentials.ensure_credential(staff_engine, "the right passphrase")
    backoff = staff_login.Backoff()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    waits = []
    for _ in range(7):
        result = staff_login.attempt_login(
            staff_engine, credential, "guess", now, connection_key="tab", backoff=backoff
        )
        assert not result.ok
        waits.append(result.wait_seconds)
        # even the right passphrase is refused unheard from this tab while its wait runs
        blocked = staff_login.attempt_login(
            staff_engine,
            credential,
            "the right passphrase",
            now,
            connection_key="tab",
            backoff=backoff,
        )
        assert not blocked.ok and "from this tab" in blocked.message
        now += timedelta(seconds=result.wait_seconds)
    assert waits == [1, 1, 1, 2, 4, 8, 16]
    assert staff_login.wait_after(50) == staff_login.MAX_WAIT
    ok = staff_login.attempt_login(
        staff_engine,
        credential,
        "  the right passphrase ",
        now,
        connection_key="tab",
        backoff=backoff,
    )
    assert ok.ok
    # success resets this tab's wait
    after = staff_login.attempt_login(
        staff_engine, credential, "guess", now, connection_key="tab", backoff=backoff
    )
    assert after.wait_seconds == 1


@pytest.mark.slow
def test_a_guessing_tab_does_not_lock_out_another_tab(staff_engine) -> None:
    """Issue 16 finding 8: one client polling wrong passphrases kept staff out for 100 s."""
    credential = staff_credentials.ensure_credential(staff_engine, "the right passphrase")
    backoff = staff_login.Backoff()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for step in range(50):  # an attacker's tab guessing every 0.2 s
        staff_login.attempt_login(
            staff_engine, credential, "guess", now, connection_key="attacker", backoff=backoff
        )
        now += timedelta(seconds=0.2)
    staff = staff_login.attempt_login(
        staff_engine,
        credential,
        "the right passphrase",
        now,
        connection_key="staff",
        backoff=backoff,
    )
    assert staff.ok, staff.message


def test_reset_revokes_the_old_passphrase_in_a_running_process(staff_engine) -> None:
    """Issue 16 finding 3: a running server kept the hash it read at start."""
    running = staff_credentials.ensure_credential(
        staff_engine, None
    )  # what a server holds since start
    old = running.generated_now
    now = datetime(2026, 1, 1, tzinfo=UTC)
    new = staff_credentials.reset_generated(staff_engine)  # `passphrase reset` from another process
    backoff = staff_login.Backoff()
    refused = staff_login.attempt_login(
        staff_engine, running, old, now, connection_key="a", backoff=backoff
    )
    assert not refused.ok
    accepted = staff_login.attempt_login(
        staff_engine, running, new, now, connection_key="b", backoff=backoff
    )
    assert accepted.ok


def test_a_logged_in_tab_notices_a_reset_within_seconds(staff_engine) -> None:
    running = staff_credentials.ensure_credential(staff_engine, None)
    clock = [1000.0]
    before = staff_credentials.fingerprint(staff_engine, running, clock=lambda: clock[0])
    assert before is not None
    staff_credentials.reset_generated(staff_engine)
    clock[0] += staff_credentials.RECHECK_SECONDS
    after = staff_credentials.fingerprint(staff_engine, running, clock=lambda: clock[0])
    assert after is not None and after != before


def test_configured_passphrase_env_wins_over_secrets_files(tmp_path) -> None:
    project = tmp_path / "project.toml"
    home = tmp_path / "home.toml"
    home.write_text('WORKSHOP_FACILITATOR_PASSPHRASE = "from the home folder"\n')
    project.write_text('WORKSHOP_FACILITATOR_PASSPHRASE = "from the project"\n')
    found = passphrases.configured_passphrase(environ={}, files=[home, project])
    assert found is not None and found.passphrase == "from the project"
    assert str(project) in found.source
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": "from the environment"}
    found = passphrases.configured_passphrase(environ=env, files=[home, project])
    assert found is not None and found.passphrase == "from the environment"
    assert "environment" in found.source
    assert passphrases.configured_passphrase(environ={}, files=[tmp_path / "missing.toml"]) is None
    broken = tmp_path / "broken.toml"
    broken.write_text("not = [toml")
    assert passphrases.configured_passphrase(environ={}, files=[broken]) is None
    mapping = {"WORKSHOP_FACILITATOR_PASSPHRASE": "from st.secrets"}
    found = passphrases.configured_passphrase(environ={}, secrets_mapping=mapping)
    assert found is not None and found.passphrase == "from st.secrets"


def test_login_links_work_once_expire_and_are_stored_as_hashes(staff_engine) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    token = staff_tokens.create_login_link(staff_engine, now)
    with db.read(staff_engine) as connection:
        stored = connection.execute(select(schema.staff_login_links)).all()
    assert len(stored) == 1 and token not in repr(tuple(stored[0]))
    assert staff_tokens.redeem_login_link(staff_engine, token, now + timedelta(minutes=1))
    assert not staff_tokens.redeem_login_link(
        staff_engine, token, now + timedelta(minutes=1)
    )  # once
    late = staff_tokens.create_login_link(staff_engine, now)
    assert not staff_tokens.redeem_login_link(
        staff_engine, late, now + staff_tokens.LINK_LIFETIME
    )  # expired
    for junk in ["", "x", token[:-1] + "!", None, 12, "a" * 10_000, ["list"]]:
        assert not staff_tokens.redeem_login_link(staff_engine, junk, now)
    with db.read(staff_engine) as connection:
        assert connection.execute(select(schema.staff_login_links)).all() == []


def test_tab_tokens_keep_a_reload_once_under_the_same_credential_only(staff_engine) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = now + timedelta(hours=1)
    token = staff_tokens.issue_tab_token(staff_engine, "tag-a", now)
    with db.read(staff_engine) as connection:
        stored = connection.execute(select(schema.staff_login_links)).all()
    assert len(stored) == 1 and token not in repr(tuple(stored[0]))  # only a hash is kept
    assert not staff_tokens.redeem_login_link(staff_engine, token, later)  # not a `?login=` link
    assert not staff_tokens.redeem_tab_token(
        staff_engine, "tag-b", token, later
    )  # another credential
    assert staff_tokens.redeem_tab_token(staff_engine, "tag-a", token, later)
    assert not staff_tokens.redeem_tab_token(
        staff_engine, "tag-a", token, later
    )  # one reload per token
    stale = staff_tokens.issue_tab_token(staff_engine, "tag-a", now)
    assert not staff_tokens.redeem_tab_token(
        staff_engine, "tag-a", stale, now + staff_tokens.TAB_TOKEN_LIFETIME
    )
    revoked = staff_tokens.issue_tab_token(staff_engine, "tag-a", now)
    staff_tokens.revoke_tab_token(staff_engine, "tag-a", revoked)  # Log out
    assert not staff_tokens.redeem_tab_token(staff_engine, "tag-a", revoked, later)
    for junk in ["", "x", None, 12, "a" * 10_000, ["list"]]:
        assert not staff_tokens.redeem_tab_token(staff_engine, "tag-a", junk, now)


def test_passphrase_reset_voids_tab_tokens_and_links(staff_engine) -> None:
    staff_credentials.ensure_credential(staff_engine, None)
    token = staff_tokens.issue_tab_token(staff_engine, "tag-a")
    link = staff_tokens.create_login_link(staff_engine)
    staff_credentials.reset_generated(staff_engine)
    assert not staff_tokens.redeem_tab_token(staff_engine, "tag-a", token)
    assert not staff_tokens.redeem_login_link(staff_engine, link)


@pytest.mark.slow
def test_many_staff_logging_in_at_once_are_never_refused(staff_engine) -> None:
    """Many staff (or a load test's dashboards) logging in at once are never refused."""
    credential = staff_credentials.ensure_credential(staff_engine, "the right passphrase")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    backoff = staff_login.Backoff()
    for i in range(60):
        result = staff_login.attempt_login(
            staff_engine,
            credential,
            "the right passphrase",
            now,
            connection_key=f"t{i}",
            backoff=backoff,
        )
        assert result.ok, (i, result.message)
