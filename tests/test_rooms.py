"""Issue 16 (live side): fake participants, batches that survive, released results, row order.

Join limits and the join lock (finding 1a, 1b), batches kept in the database
(finding 5) and drawn with the current k, results released as a snapshot
(1c), "Before and after" batched and rounded (6), and orderings that carry
no arrival time (11).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import live, prepost, prepost_live
from analysis.disclosure import DisclosurePolicy
from workshop import join_limits, moderation, participants, published, session_settings, sessions
from workshop.answers import save_answer
from workshop.errors import JoiningClosed
from workshop.published import Scope, Stored
from workshop.sessions import SessionSettings


@pytest.fixture
def room(engine, library):
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(
        engine, snapshot, open_now=True, settings=SessionSettings(k=3)
    )
    return engine, session, snapshot.survey


def _answer(engine, session, item: str, values: list[str]) -> list[str]:
    pids = []
    for value in values:
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, item, value)
        pids.append(person.id)
    return pids


# --- 1a: how fast participants may be created -------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_connection_joins_a_few_times_then_waits() -> None:
    clock = Clock()
    limiter = join_limits.JoinLimiter(clock)
    assert all(limiter.allow("tab-a", 1) for _ in range(join_limits.CONNECTION_BURST))
    assert not limiter.allow("tab-a", 1)
    assert limiter.allow("tab-b", 1)  # another phone is not held up
    clock.now += 61
    assert limiter.allow("tab-a", 1)
    assert not limiter.allow("tab-a", 1)


def test_one_session_takes_a_room_at_once_then_ten_a_second() -> None:
    clock = Clock()
    limiter = join_limits.JoinLimiter(clock)
    joined = sum(limiter.allow(f"tab-{n}", 7) for n in range(300))
    assert (
        joined == join_limits.SESSION_BURST
    )  # 300 scripted joins in no time: SESSION_BURST get in
    assert limiter.allow("tab-other", 8)  # another session has its own bucket
    clock.now += 2
    assert (
        sum(limiter.allow(f"late-{n}", 7) for n in range(50)) == 2 * join_limits.SESSION_PER_SECOND
    )


def test_an_expected_room_size_makes_room_for_the_whole_room() -> None:
    limiter = join_limits.JoinLimiter(Clock())
    assert sum(limiter.allow(f"tab-{n}", 1, expected_size=150) for n in range(400)) == 300


def test_a_refused_join_creates_nobody_and_says_so_calmly(room) -> None:
    engine, session, _ = room
    with pytest.raises(JoiningClosed, match="wait a few seconds"):
        participants.join(engine, session.code, consented=True, admit=lambda _s: False)
    assert sessions.participant_count(engine, session.id) == 0


# --- 1b: expected room size and the join lock --------------------------------


def test_a_locked_session_refuses_new_joins_but_lets_joined_people_go_on(room) -> None:
    engine, session, _ = room
    _, person = participants.join(engine, session.code, consented=True)
    session_settings.set_joining_locked(engine, session.id, True)
    with pytest.raises(JoiningClosed, match="not taking new participants"):
        participants.join(engine, session.code, consented=True)
    assert sessions.participant_count(engine, session.id) == 1
    save_answer(engine, person.id, "importance_pre", "4", move_to=(1, False), from_step=0)
    assert participants.get_participant(engine, person.id).step == 1
    session_settings.set_joining_locked(engine, session.id, False)
    participants.join(engine, session.code, consented=True)
    assert sessions.participant_count(engine, session.id) == 2


def test_expected_size_is_stored_and_checked(room) -> None:
    engine, session, _ = room
    assert session_settings.set_expected_size(engine, session.id, 12).settings.expected_size == 12
    with pytest.raises(ValueError):
        session_settings.set_expected_size(engine, session.id, 0)
    assert sessions.get_session(engine, session.id).settings.expected_size == 12
    assert (
        session_settings.set_expected_size(engine, session.id, None).settings.expected_size is None
    )


def test_the_presenter_line_shows_joins_beyond_the_expected_size() -> None:
    from ui.staff.room_control import room_line

    assert room_line(8, None, False) == "8 joined"
    assert room_line(8, 10, False) == "8 joined of 10 expected"
    assert room_line(13, 10, True) == "13 joined · 3 more than expected (10) · joining locked"


# --- 5: batches kept in the database -----------------------------------------


def _published(engine, session, question, k: int = 3) -> live.Published:
    """A fresh app process: nothing in memory, the batch read from the database."""
    data = live.collect(engine, session.id, sessions.get_snapshot(engine, session.id).survey)
    batched = live.BatchedViews(live.DatabaseBatchStore(engine))
    return batched.current(session.id, question, data, DisclosurePolicy(k=k, mask_all=True))


def test_a_restart_or_another_replica_keeps_the_batch(room) -> None:
    engine, session, survey = room
    question = survey.question("low_mood_ever")
    _answer(engine, session, "low_mood_ever", ["no", "no", "no"])
    first = _published(engine, session, question)
    assert first.view.responded == 3
    _answer(engine, session, "low_mood_ever", ["yes"])  # the fourth answer a batch holds back
    again = _published(engine, session, question)  # restarted, or another replica
    assert again.responded_now == 4 and again.view.responded == 3
    assert again.view.breakdown == first.view.breakdown
    _answer(engine, session, "low_mood_ever", ["no", "no"])
    assert _published(engine, session, question).view.responded == 6


def test_raising_k_redraws_the_stored_batch_instead_of_publishing_fresh_counts(room) -> None:
    engine, session, survey = room
    question = survey.question("importance_pre")
    _answer(engine, session, "importance_pre", ["4", "4", "4", "4"])
    assert _published(engine, session, question, k=3).view.responded == 4
    _answer(engine, session, "importance_pre", ["1"])
    raised = _published(engine, session, question, k=4)
    assert raised.view.responded == 4  # the batch the room saw, masked at the new k
    assert raised.view.breakdown.shown_counts().get("1", 0) == 0


def test_publishing_is_compare_and_set(room) -> None:
    engine, session, _ = room
    one, two = Stored(3, "{}"), Stored(6, "{}")
    assert published.publish(engine, session.id, "q", one, replacing=None)
    assert not published.publish(engine, session.id, "q", two, replacing=None)
    assert not published.publish(engine, session.id, "q", two, replacing=Stored(9, "{}"))
    assert published.publish(engine, session.id, "q", two, replacing=one)
    assert published.read(engine, session.id, Scope.live) == {"q": two}


# --- 1c: results participants see are a released snapshot --------------------


def test_participants_see_the_released_snapshot_not_the_live_counts(room) -> None:
    engine, session, survey = room
    question = survey.question("importance_pre")
    _answer(engine, session, "importance_pre", ["4", "4", "4"])
    assert live.released_view(question, session.id, None, DisclosurePolicy(k=3)) is None
    _published(engine, session, question)
    assert published.release(engine, session.id) == 1
    _answer(engine, session, "importance_pre", ["4", "4", "4"])
    _published(engine, session, question)  # the room's chart moves on to 6
    stored = published.read(engine, session.id, Scope.released)["importance_pre"]
    view = live.released_view(question, session.id, stored, DisclosurePolicy(k=3))
    assert view is not None and view.responded == 3
    published.release(engine, session.id)
    stored = published.read(engine, session.id, Scope.released)["importance_pre"]
    assert live.released_view(question, session.id, stored, DisclosurePolicy(k=3)).responded == 6
    published.withdraw_release(engine, session.id)
    assert published.read(engine, session.id, Scope.released) == {}


# --- 6: "Before and after" batched and rounded -------------------------------


def _prepost(changes: list[float]) -> pd.DataFrame:
    pre = [1.0] * len(changes)
    post = [1.0 + c for c in changes]
    return prepost.table([prepost.compare("c", "a_pre", "a_post", pre, post, k=3, resamples=50)])


def test_one_more_pair_cannot_be_worked_out_from_the_before_and_after_view() -> None:
    stored: dict[str, Stored] = {}
    shown, new = prepost_live.batched(_prepost([1, 1, 2]), stored, batch=3)
    assert shown.iloc[0]["mean_change"] == 1.3  # rounded, not 1.3333
    stored = {name: item for name, (item, _) in new.items()}
    held, again = prepost_live.batched(_prepost([1, 1, 2, 3]), stored, batch=3)
    assert again == {}
    assert held.iloc[0]["pairs"] == 3 and held.iloc[0]["mean_change"] == 1.3  # not 1.75
    moved, _ = prepost_live.batched(_prepost([1, 1, 2, 3, 0, 1]), stored, batch=3)
    assert moved.iloc[0]["pairs"] == 6


# --- 11: orderings that carry no arrival time ---------------------------------


def test_moderation_lists_texts_in_random_id_order_not_arrival_order(room, monkeypatch) -> None:
    engine, session, _ = room
    # Ids that fall as people arrive: arrival order is the reverse of id order.
    ids = iter(f"{n:x}" * 32 for n in range(15, 7, -1))
    monkeypatch.setattr(participants.secrets, "token_hex", lambda _n: next(ids))
    _answer(engine, session, "one_word", [f"word{n}" for n in range(8)])
    listed = [a.participant_id for a in moderation.texts(engine, session.id, item_id="one_word")]
    assert len(listed) == 8 and listed == sorted(listed)
