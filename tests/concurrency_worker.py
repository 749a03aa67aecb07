"""Run by test_concurrency in separate processes: save and change answers in a loop."""

from __future__ import annotations

import sys
import threading

from workshop import db
from workshop.answers import save_answer

ITEMS = {
    "importance_pre": lambda n: str(n % 5 + 1),
    "practices": lambda n: [["touch"], ["talk", "quiet"], ["comfort", "reassure", "touch"]][n % 3],
    "minutes_affection": lambda n: n % 200,
    "practice_ranking": lambda n: [
        ["touch", "talk", "comfort", "quiet"],
        ["quiet", "comfort", "talk", "touch"],
    ][n % 2],
}


def hammer(url: str, participant_ids: list[str], rounds: int, seed: int) -> None:
    engine = db.get_engine(url)
    for round_ in range(rounds):
        for index, pid in enumerate(participant_ids):
            for item, make in ITEMS.items():
                n = seed + round_ + index
                if (n + len(item)) % 7 == 0:
                    save_answer(engine, pid, item, declined=True)
                else:
                    save_answer(engine, pid, item, make(n))


def main() -> None:
    url, rounds, seed, *participant_ids = sys.argv[1:]
    threads = [
        threading.Thread(
            target=hammer, args=(url, participant_ids, int(rounds), int(seed) * 10 + t)
        )
        for t in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A final, known write per item so the test can check nothing was lost.
    engine = db.get_engine(url)
    for pid in participant_ids:
        save_answer(engine, pid, "minutes_affection", int(seed))


if __name__ == "__main__":
    main()
