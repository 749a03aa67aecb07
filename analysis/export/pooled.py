"""Files an export of several sessions adds: sessions.csv (one row per session) and
forest.csv (the before/after effect per session with its interval, then the pooled
random-effects estimate), from analysis.pooling and analysis.forest.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine

from analysis import pooling

SESSION_COLUMNS = {
    "Session": "session",
    "Date": "date",
    "Survey": "survey",
    "k": "k",
    "Joined": "joined",
    "Consented": "consented",
    "Finished": "finished",
}


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode()


def pooled_files(engine: Engine, session_ids: Sequence[int], k: int) -> dict[str, bytes]:
    """sessions.csv and forest.csv; figures of a session with fewer than k pairs stay empty."""
    chosen = [pooling.read_session(engine, sid) for sid in dict.fromkeys(session_ids)]
    shared = pooling.shared_items([s.survey for s in chosen])
    both = pooling.prepost_pooled(engine, chosen, shared, k=k)
    table = pooling.sessions_table(chosen).rename(columns=SESSION_COLUMNS)
    return {"sessions.csv": _csv(table), "forest.csv": _csv(both.forest)}
