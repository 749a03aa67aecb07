"""What a connected person costs the server (issue 25): the runtime loop flushes only
sessions with news, and static files are answered from memory after the first time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from loadtest import launch
from loadtest.client import StreamlitClient
from ui.shared.streamlit_patches import _notify_for, _pending, _PendingSessions


@dataclass
class FakeSession:
    id: str


@dataclass
class FakeInfo:
    session: FakeSession


@dataclass
class FakeManager:
    active: dict[str, FakeInfo] = field(default_factory=dict)

    def get_active_session_info(self, session_id: str) -> FakeInfo | None:
        return self.active.get(session_id)

    def num_active_sessions(self) -> int:
        return len(self.active)


def test_the_loop_visits_only_sessions_that_queued_something() -> None:
    _pending.clear()
    manager = FakeManager()
    for name in ("a", "b", "c"):
        manager.active[name] = FakeInfo(FakeSession(name))
    proxy = _PendingSessions(manager)
    woken: list[int] = []
    notify_b = _notify_for(manager.active["b"].session, lambda: woken.append(1))

    assert proxy.list_active_sessions() == []  # nobody queued anything
    notify_b()
    assert woken == [1]
    assert [i.session.id for i in proxy.list_active_sessions()] == ["b"]
    assert proxy.list_active_sessions() == []  # flushed once, then quiet again
    assert proxy.num_active_sessions() == 3  # everything else is the manager's own

    # Messages queued before the loop takes the id wake it once; the flush takes them all.
    notify_b()
    notify_b()
    assert woken == [1, 1]
    assert [i.session.id for i in proxy.list_active_sessions()] == ["b"]
    notify_b()
    assert woken == [1, 1, 1]  # after a flush, the next message wakes the loop again

    # A session that queued while disconnected is not visited; its next message (a
    # reconnect reruns its script) wakes the loop for it again.
    notify_c = _notify_for(manager.active["c"].session, lambda: woken.append(3))
    info_c = manager.active.pop("c")
    notify_c()
    assert [i.session.id for i in proxy.list_active_sessions()] == ["b"]
    manager.active["c"] = info_c
    notify_c()
    assert woken[-1] == 3 and [i.session.id for i in proxy.list_active_sessions()] == ["c"]
    assert not _pending


def test_the_runtime_loop_and_sessions_still_have_the_shape_the_patch_relies_on() -> None:
    import inspect

    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession

    loop = inspect.getsource(Runtime._loop_coroutine)
    assert "self._session_mgr.list_active_sessions()" in loop
    assert "flush_browser_queue()" in loop and "on_flushed_messages_sent()" in loop
    assert "self._message_enqueued_callback = message_enqueued_callback" in inspect.getsource(
        AppSession.__init__
    )
    for method in (AppSession._enqueue_forward_msg, AppSession._settle_once_delivered):
        assert "self._message_enqueued_callback()" in inspect.getsource(method)
    assert all(hasattr(Runtime, n) for n in ("exists", "instance", "_enqueued_some_message"))


class CountingApp:
    """An ASGI app that answers every path with an immutable file, counting its calls."""

    def __init__(self, cache_control: bytes) -> None:
        self.calls = 0
        self.cache_control = cache_control

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        headers = [(b"content-type", b"application/javascript"), (b"etag", b'"x"')]
        headers.append((b"cache-control", self.cache_control))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"var a = 1;\n" * 500})


def _get(app: Any, path: str) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(b"accept-encoding", b"gzip, deflate, br")],
    }
    asyncio.run(app(scope, None, send))
    return sent


@pytest.mark.parametrize(("cache_control", "calls"), [(b"public, immutable", 1), (b"no-cache", 3)])
def test_static_files_are_answered_from_memory_once_answered(
    cache_control: bytes, calls: int
) -> None:
    import serve

    inner = CountingApp(cache_control)
    middleware = serve.StaticGzip(inner)
    first = _get(middleware, "/static/js/index.js")
    assert _get(middleware, "/static/js/index.js") == first
    assert _get(middleware, "/static/js/index.js") == first
    assert inner.calls == calls  # immutable: Streamlit is asked once; otherwise every time
    assert dict(first[0]["headers"])[b"content-encoding"] == b"gzip"


@pytest.mark.slow
def test_sessions_that_take_turns_each_get_their_own_answers(tmp_path: Path) -> None:
    """With the patch live (serve.py), a quiet session's news still reaches it."""
    env = {"WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}

    async def visit(url: str) -> None:
        clients = [StreamlitClient(url) for _ in range(3)]
        for client in clients:
            await client.connect()
        try:
            for _turn in range(3):
                for client in clients:
                    result = await asyncio.wait_for(client.load(), 30)
                    assert "Join the workshop" in result.page.texts()
        finally:
            await asyncio.gather(*(c.close() for c in clients))

    with launch.running("serve.py", log_dir=tmp_path, env=env) as server:
        asyncio.run(visit(server.url))
        assert "Traceback" not in server.log.read_text()


def test_the_cached_theme_is_the_theme_streamlit_would_send() -> None:
    import inspect

    from streamlit.proto.NewSession_pb2 import CustomThemeConfig
    from streamlit.runtime import app_session

    from ui.shared import streamlit_patches

    assert list(inspect.signature(app_session._populate_theme_msg).parameters) == [
        "msg",
        "section",
    ]
    original = app_session._populate_theme_msg
    sections = ["theme", "theme.light", "theme.dark", "theme.sidebar"]
    expected = []
    for section in sections:
        msg = CustomThemeConfig()
        original(msg, section)
        expected.append(msg)
    try:
        streamlit_patches.cache_theme_messages()
        for _round in range(2):  # built, then copied
            for section, want in zip(sections, expected, strict=True):
                msg = CustomThemeConfig()
                app_session._populate_theme_msg(msg, section)
                assert msg == want
    finally:
        app_session._populate_theme_msg = original
        streamlit_patches._installed.discard("theme")


class FakeLoop:
    """An event loop stand-in that runs callbacks when told, counting the wake-ups."""

    def __init__(self) -> None:
        self.ready: list[tuple[Any, ...]] = []
        self.wakes = 0
        self.errors: list[BaseException] = []

    def call_soon_threadsafe(self, callback: Any, *args: Any) -> None:
        self.wakes += 1
        self.ready.append((callback, *args))

    def call_soon(self, callback: Any, *args: Any) -> None:
        self.ready.append((callback, *args))

    def call_exception_handler(self, context: dict[str, Any]) -> None:
        self.errors.append(context["exception"])

    def is_closed(self) -> bool:
        return False

    def run(self) -> None:
        while self.ready:
            callback, *args = self.ready.pop(0)
            callback(*args)


class FakeAppSession:
    def __init__(self) -> None:
        self._event_loop = FakeLoop()
        self.handled: list[tuple[Any, ...]] = []

    def _handle_scriptrunner_event_on_event_loop(
        self, sender: Any, event: Any, **details: Any
    ) -> None:
        if event == "boom":
            raise ValueError("a failing handler")
        self.handled.append((sender, event, details.get("forward_msg")))


def test_a_runs_events_wake_the_loop_once_and_arrive_in_order() -> None:
    from ui.shared import streamlit_events

    session = FakeAppSession()
    for n in range(5):
        streamlit_events.on_scriptrunner_event(session, "runner", "msg", forward_msg=n)
    assert session._event_loop.wakes == 1  # one write to the self-pipe, not five
    session._event_loop.run()
    assert session.handled == [("runner", "msg", n) for n in range(5)]
    # After the drain the next event wakes the loop again; a failing handler is
    # reported and does not stop the events after it.
    streamlit_events.on_scriptrunner_event(session, "runner", "boom")
    streamlit_events.on_scriptrunner_event(session, "runner", "msg", forward_msg=9)
    assert session._event_loop.wakes == 2
    session._event_loop.run()
    assert session.handled[-1] == ("runner", "msg", 9)
    assert [type(e) for e in session._event_loop.errors] == [ValueError]
    # A long run is drained in slices, so other sessions' events are not held up.
    count = streamlit_events.DRAIN_LIMIT * 2 + 1
    for n in range(count):
        streamlit_events.on_scriptrunner_event(session, "runner", "msg", forward_msg=n)
    session._event_loop.run()
    assert [h[2] for h in session.handled[-count:]] == list(range(count))
    assert session._event_loop.wakes == 3


def test_appsession_still_sends_its_events_the_way_the_batching_relies_on() -> None:
    import inspect

    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    from ui.shared import streamlit_events

    # Streamlit's own method, whether or not this process installed the patch already.
    own = streamlit_events._installed or [AppSession._on_scriptrunner_event]
    source = inspect.getsource(own[0])
    assert "self._call_soon_on_event_loop(" in source
    assert "self._handle_scriptrunner_event_on_event_loop(" in source
    handler = inspect.signature(AppSession._handle_scriptrunner_event_on_event_loop)
    assert list(handler.parameters)[:3] == ["self", "sender", "event"]
    assert "self._scriptrunner.on_event.connect(self._on_scriptrunner_event)" in (
        inspect.getsource(AppSession)
    )
    assert "event=ScriptRunnerEvent.ENQUEUE_FORWARD_MSG" in inspect.getsource(
        ScriptRunner._enqueue_forward_msg
    )
