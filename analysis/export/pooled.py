"""Files an export of several sessions adds: sessions.csv (one row per session) and
forest.csv (the before/after effect per session with its interval, then the pooled
random-effects estimate), from analysis.pooling and analysis.forest.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine

from analysis import pooling

from .report import Report
from .tables import FOREST_FIELDS, SESSIONS_FIELDS, Field, header, write_csv

SESSION_COLUMNS = {
    "Session": "session",
    "Date": "date",
    "Survey": "survey",
    "k": "k",
    "Joined": "joined",
    "Consented": "consented",
    "Finished": "finished",
}


def _csv(frame: pd.DataFrame, fields: Sequence[Field], report: Report) -> bytes:
    """The frame as the export writes every table: the codebook's columns, formula-safe."""
    names = header(fields)
    if list(frame.columns) != names:
        raise ValueError(f"columns {list(frame.columns)} do not match the codebook's {names}")
    rows = [[_plain(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    return write_csv(names, rows, report)


def _plain(value: object) -> object:
    """NaN (pandas' empty figure) as an empty cell."""
    return None if isinstance(value, float) and value != value else value


def pooled_files(
    engine: Engine, session_ids: Sequence[int], k: int, report: Report
) -> dict[str, bytes]:
    """sessions.csv and forest.csv; figures of a session with fewer than k pairs stay empty."""
    chosen = [pooling.read_session(engine, sid) for sid in dict.fromkeys(session_ids)]
    shared = pooling.shared_items([s.survey for s in chosen])
    both = pooling.prepost_pooled(engine, chosen, shared, k=k)
    table = pooling.sessions_table(chosen).rename(columns=SESSION_COLUMNS)
    return {
        "sessions.csv": _csv(table, SESSIONS_FIELDS, report),
        "forest.csv": _csv(both.forest, FOREST_FIELDS, report),
    }
