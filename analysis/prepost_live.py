"""The live "Before and after" view: batched and rounded like the charts.

With every pair shown at once and to four decimals, one more pair could be
worked out by arithmetic (a mean change of 1.3333 over 3 pairs, then 1.75 over
4, makes the fourth person's change +3). So a construct's published figures
move only once at least `batch` more (or fewer) people answered both
questions (disclosure rule 4), the batch is kept in the database like the
charts' (workshop/published.py, key "prepost:<construct>"), and the figures
are rounded to what a room needs. With the session's noise on, a sensitive
construct's batch carries a noisy mean change instead (analysis/prepost_noise.py),
drawn once when the batch is published and stored with it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from analysis import disclosure, prepost, prepost_noise
from analysis.disclosure import DisclosurePolicy
from workshop import published, sessions
from workshop.published import Stored
from workshop.sessions import WorkshopSession

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

KEY_PREFIX = "prepost:"
COLUMNS = (*prepost.COLUMNS, *prepost_noise.EXTRA)  # a live row: the table's, and its noise
# Decimals kept per figure; everything else in a row is a label or a flag.
DECIMALS = {
    "unmatched_rate": 2,
    "mean_change": 1,
    "median_change": 1,
    "wilcoxon_statistic": 0,
    "p_value": 2,
    "rank_biserial": 2,
    "ci_low": 1,
    "ci_high": 1,
    "effect": 2,
}


def key(construct: str) -> str:
    return f"{KEY_PREFIX}{construct}"[:60]  # the stored item id's length


def rounded(row: dict[str, object]) -> dict[str, object]:
    out = dict(row)
    for name, digits in DECIMALS.items():
        value = out.get(name)
        if isinstance(value, int | float) and math.isfinite(value):
            out[name] = round(float(value), digits)
    return out


def batched(
    fresh: pd.DataFrame,
    stored: dict[str, Stored],
    batch: int,
    release: Callable[[dict[str, object]], dict[str, object]] = prepost_noise.exact,
) -> tuple[pd.DataFrame, dict[str, tuple[Stored, Stored | None]]]:
    """The rows to show, and the new batches to store as key -> (new, replacing).

    A construct below k (suppressed) shows as suppressed and stores nothing, so
    its last batch stays the baseline. `release` turns a row due a new batch
    into what the room may see (adds noise): called once per batch, never on reruns.
    """
    rows: list[dict[str, object]] = []
    to_store: dict[str, tuple[Stored, Stored | None]] = {}
    for record in fresh.to_dict("records"):
        row = {str(name): value for name, value in record.items()}
        name = key(str(row["construct"]))
        shown = stored.get(name)
        if row["suppressed"]:
            rows.append(prepost_noise.exact(row))
            continue
        pairs = int(row["pairs"])
        if shown is None or disclosure.should_publish(shown.responded, pairs, batch):
            row = rounded(release(row))  # rounded after the noise, which needs the exact mean
            new = Stored(pairs, json.dumps(row, sort_keys=True))
            to_store[name] = (new, shown)
            rows.append(row)
        else:
            rows.append(json.loads(shown.basis))
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object), to_store


def publish(
    engine: Engine, session: WorkshopSession, stored: dict[str, Stored]
) -> tuple[pd.DataFrame, bool]:
    """The session's before/after rows as released, storing every construct now due a batch.

    `stored` is the session's stored batches (the app passes its cached read).
    Returns the rows and whether a new batch was stored (the caller's cache of
    `stored` is then out of date). The batch size and noise are the session's policy's.
    """
    fresh = prepost.for_sessions(engine, [session.id])
    policy = DisclosurePolicy.for_session(session.settings)
    survey = sessions.get_snapshot(engine, session.id).survey
    shown, to_store = batched(
        fresh, stored, policy.batch, lambda row: prepost_noise.release(row, survey, policy)
    )
    for name, (new, replacing) in to_store.items():
        published.publish(engine, session.id, name, new, replacing=replacing)
    return shown, bool(to_store)
