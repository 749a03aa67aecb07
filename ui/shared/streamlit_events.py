"""Patch 10 of ui/shared/streamlit_patches.py: a script's events cross to the loop in batches.

Streamlit hands every event of a script run (each element, each widget, each state
change) from the script's thread to the event loop with its own
`call_soon_threadsafe`, and each of those writes a byte to the loop's self-pipe to
wake it: a system call per element, dozens per step, each one also a hand-over of
the GIL. Here each session keeps its events in order in a queue of its own, and
only the event that finds the queue empty wakes the loop; the loop then handles
every event queued so far, in the order they were sent. Nothing else changes: the
same handler runs on the same thread with the same arguments.
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, cast

_lock = threading.Lock()
# The replaced method, kept alive: sessions made before the patch hold it through a
# weak reference (Streamlit's signals connect weakly), and it must not be collected.
_installed: list[Any] = []
# Per drain, at most this many events before the loop turns to other sessions.
DRAIN_LIMIT = 200


class _Events:
    """One session's events waiting for the loop, and whether a drain is on its way."""

    __slots__ = ("queue", "scheduled")

    def __init__(self) -> None:
        self.queue: deque[Callable[[], None]] = deque()
        self.scheduled = False


def _events(session: Any) -> _Events:
    events = session.__dict__.get("_workshop_events")
    if isinstance(events, _Events):
        return events
    with _lock:  # two threads asking first get the same queue
        return cast(_Events, session.__dict__.setdefault("_workshop_events", _Events()))


def _drain(session: Any, events: _Events) -> None:
    """On the loop: handle the session's queued events in order (up to DRAIN_LIMIT)."""
    for _ in range(DRAIN_LIMIT):
        with _lock:
            if not events.queue:
                events.scheduled = False
                return
            handle = events.queue.popleft()
        try:
            handle()
        except Exception as exc:  # as the loop does with a failing callback: report, go on
            session._event_loop.call_exception_handler(
                {"message": "Exception in a script runner event", "exception": exc}
            )
    session._event_loop.call_soon(_drain, session, events)  # more: let others run first


def on_scriptrunner_event(session: Any, sender: Any, event: Any, **details: Any) -> None:
    """AppSession._on_scriptrunner_event, with the loop woken once per batch."""
    handle = functools.partial(
        session._handle_scriptrunner_event_on_event_loop, sender, event, **details
    )
    events = _events(session)
    with _lock:
        events.queue.append(handle)
        if events.scheduled:
            return  # a drain is on its way and will take this event too
        events.scheduled = True
    try:
        session._event_loop.call_soon_threadsafe(_drain, session, events)
    except RuntimeError:
        # As Streamlit does: events after the loop closed (shutdown) are dropped.
        if not session._event_loop.is_closed():
            raise


def batch_runner_events() -> None:
    """Install the batching on AppSession (once per process)."""
    from streamlit.runtime.app_session import AppSession

    with _lock:
        if _installed:
            return
        _installed.append(AppSession._on_scriptrunner_event)
    AppSession._on_scriptrunner_event = on_scriptrunner_event  # type: ignore[method-assign,assignment]
