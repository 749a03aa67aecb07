"""Retention inside the app, a fallback: purge when the process starts, then once a day.

The maintained way to purge is outside the app: deploy/systemd's
workshop-purge.timer (or a cron line) runs `workshop purge` daily, once per
server, logged where the operator looks. This thread stays for where no such
job exists, above all `make run` on a facilitator's laptop: data past its
retention period must go even when nobody set up a timer, so it is on unless
WORKSHOP_PURGE_IN_APP=false (the systemd env file sets that). It is a daemon
thread per app process, not a check on page load, so a room that no staff
member opens still loses its raw data on time. Several replicas may each run
it: workshop.retention.purge_session marks a session purged only once. Only
counts are logged, never codes, ids or answers.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from ui.shared.runtime import app_settings, engine
from workshop import retention

INTERVAL_SECONDS = 24 * 60 * 60

_log = logging.getLogger(__name__)
_started = threading.Event()


def run_once(bound: Engine) -> int:
    """Purge what is due; returns how many sessions lost their raw data."""
    from analysis.retained import published  # in the thread: keeps pandas off app start

    try:
        return len(retention.purge(bound, published))
    except Exception as exc:  # a purge failing must not stop the app; retried tomorrow
        _log.warning("Retention purge failed (%s); it will run again.", type(exc).__name__)
        return 0


def _loop(bound: Engine) -> None:
    while True:
        purged = run_once(bound)
        if purged:
            _log.info("Retention purge: deleted the raw data of %d session(s).", purged)
        threading.Event().wait(INTERVAL_SECONDS)


def start() -> None:
    """Start the daily purge once per process (later calls do nothing); off by the setting."""
    if _started.is_set() or not app_settings().purge_in_app:
        return
    _started.set()
    # The engine is taken here, in the script's thread, so the loop keeps the
    # database the app was started with.
    threading.Thread(target=_loop, args=(engine(),), name="retention-purge", daemon=True).start()
