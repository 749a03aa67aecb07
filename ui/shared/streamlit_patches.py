"""Every place the app reaches into Streamlit's internals, in one module.

Each patch exists because Streamlit offers no public way to do what a live
workshop needs; each has an upgrade test in tests/test_streamlit_patches.py
that fails when a Streamlit release renames or reshapes what it touches.

1. Developer messages: any browser may send `clear_cache`, which empties
   `st.cache_resource` for the whole process, or `set_run_on_save`,
   `load_git_info` and the "install skills" backend operation. None of them is
   a participant's business, so they are dropped for every session. Upload-URL requests are answered only for a
   session that holds the staff role.
2. Uploads: the upload endpoint accepts a PUT for any live session and any
   file id, whether or not a URL was issued. It is refused (403) unless the
   session holds the staff role, so an anonymous tab cannot park files in
   the server's memory.
3. Number inputs: a tampered value (NaN, a string) sent to an integer number
   input made Streamlit's own deserializer raise on every later run, before
   our code ran; such a value now reads as the widget's default.
4. The external address: headless Streamlit asks a public service for the
   machine's address. Seeding its cache with the local address means it
   never asks (a room may have no internet; with one, nobody need know).
5. Downloads: a download button's file stays reachable at its /media address
   for one more cleanup pass after its tab drops it; `forget_downloads`
   removes this tab's at once (used at log-out).
6. Garbage collection: see `apply_gc_policy_once`.
7. Download sweeping: Streamlit deletes unreferenced download files only at the
   end of some script run, and a file a closed tab still referenced lived on for
   the session's reconnect time plus two passes (at least 240 s, issue 23). The
   app's downloads are deferred (made when clicked, referenced by no session),
   and `sweep_downloads` runs the cleanup every SWEEP_SECONDS on its own, so a
   download is gone within two sweeps of being made, whoever holds its address.
8. Flushing only who has news: Streamlit's runtime loop wakes whenever any session
   queues a message and then visits every connected session to flush its queue, so
   each step cost a pass over the whole room (issue 25: a step's CPU grew with the
   number of people connected). `flush_only_pending` keeps the ids of sessions that
   queued something (or asked to settle) since their last flush, and the loop visits
   only those.
9. The theme on every run: each full script run sends the theme again, read option by
   option from the configuration (7% of a step's CPU in a profile). The configuration
   cannot change while the server runs (no file watcher, no runtime theme options), so
   `cache_theme_messages` builds each theme section's message once and copies it.
10. A script's events reach the event loop in batches: see ui/shared/streamlit_events.py
   (a module of its own for its size).
11. Small messages leave at once: Streamlit binds its listening socket with protocol
   number 0, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets
   whose protocol reads IPPROTO_TCP, so every connection it accepted kept Nagle on.
   A rerun's first message went out; the rest waited for the browser's delayed
   acknowledgement, 40 ms on Linux, before every screen change (issue 25).
   `send_small_messages_at_once` sets the option on every accepted TCP connection.
"""

from __future__ import annotations

import gc
import logging
import math
import numbers
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from ui.shared.streamlit_events import batch_runner_events

_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_installed: set[str] = set()

# BackMsg types no session may send: they act on the whole process or on the
# developer's workflow, never on one participant's page.
DEVELOPER_MESSAGES = frozenset({"clear_cache", "set_run_on_save", "load_git_info"})
UPLOAD_MESSAGE = "file_urls_request"
# Backend operations a page of ours may ask for: deferred downloads and table pages.
# Streamlit's "install skills" nudge writes files in the app's folder; it is for a
# developer's own machine and is refused here whatever Streamlit's own gates say.
BACKEND_OPERATIONS = frozenset({"deferred_file", "dataframe_chunk"})

StaffCheck = Callable[[Any], bool]  # (a session's SessionState) -> holds the staff role


def _once(name: str) -> bool:
    """True the first time `name` is asked for in this process."""
    with _lock:
        if name in _installed:
            return False
        _installed.add(name)
        return True


# 1. Developer messages ---------------------------------------------------------------


def refuse_developer_messages(is_staff: StaffCheck) -> None:
    """Drop developer BackMsgs from every session, and upload requests from non-staff."""
    if not _once("backmsg"):
        return
    from streamlit.runtime.app_session import AppSession

    original = AppSession.handle_backmsg

    def handle_backmsg(self: AppSession, msg: Any) -> None:
        kind = msg.WhichOneof("type")
        if kind in DEVELOPER_MESSAGES:
            _LOG.info("Refused a %s message from a browser.", kind)
            return
        if kind == UPLOAD_MESSAGE and not _staff(is_staff, self.session_state):
            _LOG.info("Refused an upload request from a session without the staff role.")
            return
        if kind == "backend_operation_request":
            operation = msg.backend_operation_request.WhichOneof("payload")
            if operation not in BACKEND_OPERATIONS:
                _LOG.info("Refused a %s backend operation from a browser.", operation)
                return
        original(self, msg)

    AppSession.handle_backmsg = handle_backmsg  # type: ignore[method-assign]


def _staff(is_staff: StaffCheck, state: Any) -> bool:
    try:
        return bool(is_staff(state))
    except Exception:  # a broken check never opens the door
        _LOG.warning("The staff check failed; the request was refused.")
        return False


# 2. Uploads -------------------------------------------------------------------------


def refuse_anonymous_uploads(is_staff: StaffCheck) -> None:
    """Refuse every file PUT from a session without the staff role (403)."""
    if not _once("uploads"):
        return
    from starlette.exceptions import HTTPException
    from streamlit import runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    original = MemoryUploadedFileManager.add_file

    def add_file(self: MemoryUploadedFileManager, session_id: str, file: Any) -> None:
        session = runtime.get_instance().get_app_session(session_id) if runtime.exists() else None
        if session is None or not _staff(is_staff, session.session_state):
            raise HTTPException(status_code=403, detail="Uploads are for staff only.")
        original(self, session_id, file)

    MemoryUploadedFileManager.add_file = add_file  # type: ignore[method-assign]


# 3. Number inputs -------------------------------------------------------------------


def readable_number(value: object) -> bool:
    """A value a number input can hold: a finite int or float (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except (OverflowError, ValueError):  # an int too large for a float
        return False


def guard_number_inputs() -> None:
    """Wrap Streamlit's number input deserializer once per process."""
    if not _once("number_input"):
        return
    from streamlit.elements.widgets import number_input

    serde = number_input.NumberInputSerde
    original = serde.deserialize

    def deserialize(self: Any, ui_value: Any) -> Any:
        if ui_value is not None and not readable_number(ui_value):
            return self.value  # the widget's default, as for an out-of-range value
        try:
            return original(self, ui_value)
        except (ValueError, TypeError, OverflowError):
            return self.value

    serde.deserialize = deserialize  # type: ignore[method-assign]


# 4. The external address ------------------------------------------------------------


def seed_external_address() -> None:
    """Fill Streamlit's cached "external IP" with the local address, so it never asks."""
    from streamlit import net_util

    net_util._external_ip = net_util.get_internal_ip() or "127.0.0.1"


# 11. Nagle's algorithm ---------------------------------------------------------------


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def send_small_messages_at_once() -> None:
    """TCP_NODELAY on every TCP connection asyncio accepts (patch 11); before the server binds."""
    from asyncio import base_events

    base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]


# 5. Downloads -----------------------------------------------------------------------


def forget_downloads() -> None:
    """Make this tab's download files (the export zip) unreachable now, not some runs later.

    Streamlit serves a download button's file to anyone holding its address
    while any session references it, and keeps an unreferenced download for
    one more cleanup pass. Dropping this tab's references and running two
    passes deletes it (other tabs' files stay: they still reference theirs).
    """
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return
    manager = runtime.get_instance().media_file_mgr
    manager.clear_session_refs(ctx.session_id)
    manager.remove_orphaned_files()  # marks unreferenced downloads
    manager.remove_orphaned_files()  # deletes them


# 7. Download sweeping -------------------------------------------------------------

SWEEP_SECONDS = 15.0


def sweep_downloads(interval: float = SWEEP_SECONDS) -> None:
    """Start one daemon thread per process that removes unreferenced downloads."""
    if not _once("sweeper"):
        return

    def sweep() -> None:
        from streamlit import runtime

        while True:
            time.sleep(interval)
            try:
                if runtime.exists():
                    runtime.get_instance().media_file_mgr.remove_orphaned_files()
            except Exception:  # never let the sweeper die; the next pass tries again
                _LOG.warning("The download sweeper's pass failed; it will try again.")

    threading.Thread(target=sweep, name="download-sweeper", daemon=True).start()


# 6. Garbage collection --------------------------------------------------------------

# Streamlit's postScriptGC (a full collection after every run) is off in
# .streamlit/config.toml. Python's default gen-0 threshold (700 allocations)
# still runs a collection every few widgets, each full one walking the
# hundreds of thousands of objects that importing Streamlit, SQLAlchemy and
# pydantic created. Measured over a 300-participant burst: 8% of the server's
# CPU and pauses of up to 190 ms. After the first run the imported objects are
# frozen out of the collector's reach and collections run less often;
# reference counting still frees everything without cycles at once.
GC_THRESHOLDS = (20_000, 20, 20)


def apply_gc_policy_once() -> None:
    """Freeze what is loaded now and raise the thresholds; later calls do nothing."""
    if "gc" in _installed or not _once("gc"):
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# Ids of sessions with something to flush. Script threads add (after queueing, before
# waking the loop); the loop's thread removes an id before flushing that session, so
# a message queued during a flush either goes out in it or leaves the id for the next.
_pending: set[str] = set()


def _notify_for(session: Any, wake: Callable[[], None]) -> Callable[[], None]:
    def notify() -> None:
        # Only the first message since the session's last flush wakes the loop: waking
        # is a write to the loop's self-pipe, and a screen queues dozens of messages
        # (it was a sixth of a step's CPU). An id still pending means its wake was sent
        # and the loop has not yet taken the id, so it flushes this message too: the
        # message was queued before this check, and the loop flushes after taking the id.
        if session.id in _pending:
            return
        _pending.add(session.id)
        wake()

    return notify


class _PendingSessions:
    """The runtime's session manager, except that its loop's visit lists only pending
    sessions; everything else (counts, connects, closes) is the manager's own."""

    def __init__(self, manager: Any) -> None:
        self._manager = manager

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    def list_active_sessions(self) -> list[Any]:
        found = []
        for session_id in list(_pending):
            _pending.discard(session_id)
            # A disconnected session keeps its queue; it is flushed when it is back
            # and queues its next message (a reconnect reruns its script), as before.
            info = self._manager.get_active_session_info(session_id)
            if info is not None:
                found.append(info)
        return found


def flush_only_pending() -> None:
    """Make the runtime loop flush only sessions that queued something (patch 8)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession

    # AppTest has no runtime loop (no runtime, or a mock standing in for one).
    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return
    if not _once("flush_pending"):
        return

    def get(self: Any) -> Callable[[], None] | None:
        wake = self.__dict__.get("_message_enqueued_callback")
        return None if wake is None else _notify_for(self, wake)

    def put(self: Any, wake: Callable[[], None] | None) -> None:
        self.__dict__["_message_enqueued_callback"] = wake

    # A data descriptor wins over the instance's own attribute, so sessions made before
    # this patch mark themselves too.
    AppSession._message_enqueued_callback = property(get, put)  # type: ignore[assignment]
    runtime = Runtime.instance()
    # Sessions connected before now may hold queued messages: visit them all once.
    _pending.update(info.session.id for info in runtime._session_mgr.list_active_sessions())
    runtime._session_mgr = _PendingSessions(runtime._session_mgr)
    runtime._enqueued_some_message()


def cache_theme_messages() -> None:
    """Build each theme section's message once per process, then copy it (patch 9)."""
    if not _once("theme"):
        return
    from streamlit.runtime import app_session

    build = app_session._populate_theme_msg
    built: dict[str, Any] = {}

    def populate(msg: Any, section: str = "theme") -> None:
        cached = built.get(section)
        if cached is None:
            cached = type(msg)()
            build(cached, section)
            built[section] = cached
        msg.MergeFrom(cached)

    app_session._populate_theme_msg = populate


def install(is_staff: StaffCheck) -> None:
    """The patches every app process needs before its first page view."""
    flush_only_pending()
    cache_theme_messages()
    batch_runner_events()
    refuse_developer_messages(is_staff)
    refuse_anonymous_uploads(is_staff)
    guard_number_inputs()
    sweep_downloads()
