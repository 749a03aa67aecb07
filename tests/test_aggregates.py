"""SQL aggregates agree with a straightforward count in Python."""

from __future__ import annotations

import random
import statistics

from workshop import aggregates, participants, sessions
from workshop.answers import save_answer


def test_counts_match_python(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    other = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    rng = random.Random(3)
    expected_options: dict[str, int] = {}
    minutes: list[int] = []
    ranks: dict[str, list[int]] = {}
    declined = 0
    for index in range(30):
        _, p = participants.join(engine, session.code)
        participants.set_progress(engine, p.id, index % 4, finished=index % 3 == 0)
        if index % 2 == 0:
            participants.record_consent(engine, p.id)
        choice = rng.sample(["touch", "talk", "comfort", "reassure", "quiet"], rng.randint(1, 3))
        save_answer(engine, p.id, "practices", choice)
        for code in choice:
            expected_options[code] = expected_options.get(code, 0) + 1
        if rng.random() < 0.2:
            save_answer(engine, p.id, "minutes_affection", declined=True)
            declined += 1
        else:
            value = rng.randint(0, 60)
            minutes.append(value)
            save_answer(engine, p.id, "minutes_affection", value)
        order = rng.sample(["touch", "talk", "comfort", "quiet"], 4)
        save_answer(engine, p.id, "practice_ranking", order)
        for position, code in enumerate(order, start=1):
            ranks.setdefault(code, []).append(position)
    _, stranger = participants.join(engine, other.code)  # must not leak into session's counts
    save_answer(engine, stranger.id, "practices", ["touch"])

    counts = aggregates.item_counts(engine, session.id)
    assert counts["practices"].options == expected_options
    assert counts["practices"].answered == 30 and counts["practices"].declined == 0
    assert counts["minutes_affection"].declined == declined
    assert counts["minutes_affection"].answered == len(minutes)
    for code, positions in ranks.items():
        assert abs(counts["practice_ranking"].mean_rank[code] - statistics.mean(positions)) < 1e-9

    summary = aggregates.numeric_summary(engine, session.id, "minutes_affection")
    assert summary.count == len(minutes)
    assert summary.median == statistics.median(minutes)
    assert abs(summary.mean - statistics.mean(minutes)) < 1e-9
    assert (summary.minimum, summary.maximum) == (min(minutes), max(minutes))

    people = aggregates.participant_counts(engine, session.id)
    assert people.joined == 30 and people.consented == 15 and people.finished == 10
    assert people.at_step == {0: 8, 1: 8, 2: 7, 3: 7}


def test_median_of_even_and_odd_counts() -> None:
    summary = aggregates.NumericSummary("x", 4, 2.5, 1, 4, {1.0: 1, 2.0: 1, 3.0: 1, 4.0: 1})
    assert summary.median == 2.5
    summary = aggregates.NumericSummary("x", 5, 0, 0, 0, {1.0: 3, 9.0: 2})
    assert summary.median == 1.0
    assert aggregates.NumericSummary("x", 0, None, None, None, {}).median is None
