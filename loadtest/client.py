"""A headless Streamlit client: speaks the browser's websocket protocol to one app session.

Each `StreamlitClient` is one server session, like one browser tab: it fetches
the XSRF cookie from /_stcore/health, opens /_stcore/stream with the same
Origin, Cookie and subprotocol headers a browser sends, asks for script runs
with the current query string and widget values, and rebuilds the element tree
from the deltas until `script_finished`. Messages come as the protobuf classes
shipped inside the streamlit package.

Only what a simulated participant or facilitator needs is modelled: keyed
widgets, forms, buttons, text/markdown/alerts/exceptions, query parameters,
the cached-message hash cache and fragment reruns (a `run_every` timer, and a
click on a widget an st.fragment drew, rerun only that fragment, as in the
browser; the rest of the page stays as it was). The element tree is in
loadtest/page.py, widget values on the wire in loadtest/widgets.py.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.parse
from collections.abc import Sequence
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Origin, Subprotocol

from loadtest.httpget import PAGE_FILES, cookie_header, http_get
from loadtest.page import Element, Page, RunResult
from loadtest.widgets import initial_value, wire_value

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY

# The browser keeps a cached message this many script runs after it was last used.
CACHE_MAX_AGE_RUNS = 2


class ProtocolError(RuntimeError):
    """The server closed the socket, timed out or answered something unexpected."""


class StreamlitClient:
    """One browser tab's worth of Streamlit session, driven from asyncio."""

    def __init__(
        self,
        url: str,
        *,
        query: dict[str, str] | None = None,
        page_name: str = "",
        timeout: float = 60.0,
    ) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the simulator only talks to loopback addresses")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.origin = f"http://{self.host}:{self.port}"
        self.query_string = urllib.parse.urlencode(query or {})
        self.page_name = page_name
        self.timeout = timeout
        self.page = Page()
        self.page_script_hash = ""
        self.session_id = ""
        self._socket: Any = None
        self._values: dict[str, Any] = {}  # widget id -> committed value (sent every run)
        self._pending: dict[str, dict[str, Any]] = {}  # form id -> widget id -> value
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash -> (message, last run)
        self._run = 0
        self.auto_rerun: dict[str, float] = {}  # fragment id -> interval (seconds)
        self._fragment_run = ""  # the fragment the last rerun request named ("" for the app)
        self.bytes_received = 0
        # The browser's cookie jar for this host: the XSRF cookie, and a load
        # balancer's stickiness cookie, which every later request sends back.
        self.cookies: dict[str, str] = {}
        self.pages: dict[str, str] = {}  # url path -> page script hash, from `navigation`

    # --- connection -------------------------------------------------------
    async def connect(self) -> None:
        for path in ("/_stcore/health", "/_stcore/host-config"):
            status, cookies, _body = await http_get(
                self.host, self.port, path, self.timeout, self.cookies
            )
            if status != 200:
                raise ProtocolError(f"{path} answered {status}")
            self.cookies.update(cookies)
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        headers = {"Cookie": cookie_header(self.cookies)} if self.cookies else {}
        self._socket = await asyncio.wait_for(
            websockets.connect(
                f"ws://{self.host}:{self.port}/_stcore/stream",
                origin=Origin(self.origin),
                additional_headers=headers,
                subprotocols=[Subprotocol(p) for p in protocols],
                max_size=64 * 2**20,
                open_timeout=self.timeout,
                ping_interval=None,
            ),
            self.timeout,
        )
        for value in self._socket.response.headers.get_all("Set-Cookie"):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def fetch_page(self) -> int:
        """What a phone with an empty cache fetches before the socket: the page at this
        client's URL and every static file it names. Returns the bytes received."""
        path = f"/?{self.query_string}" if self.query_string else "/"
        status, cookies, page = await http_get(
            self.host, self.port, path, self.timeout, self.cookies, keep_body=True
        )
        if status != 200:
            raise ProtocolError(f"{path} answered {status}")
        self.cookies.update(cookies)
        gate = asyncio.Semaphore(6)  # a browser opens about six connections to one host

        async def fetch(name: bytes) -> int:
            asset = "/" + name.decode()
            async with gate:
                status, _cookies, body = await http_get(
                    self.host, self.port, asset, self.timeout, self.cookies, keep_body=True
                )
            if status != 200:
                raise ProtocolError(f"{asset} answered {status}")
            return len(body)

        names = dict.fromkeys(PAGE_FILES.findall(page))
        received = len(page) + sum(await asyncio.gather(*(fetch(n) for n in names)))
        return received

    @property
    def connected(self) -> bool:
        """Whether the websocket is open (connect() succeeded and close() was not called)."""
        return self._socket is not None

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def __aenter__(self) -> StreamlitClient:
        await self.connect()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    # --- query parameters -------------------------------------------------
    @property
    def query(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.query_string, keep_blank_values=True))

    def set_query(self, query: dict[str, str]) -> None:
        """Like editing the URL bar (call `load()` afterwards to reload)."""
        self.query_string = urllib.parse.urlencode(query)

    # --- running the script -----------------------------------------------
    async def load(self) -> RunResult:
        """What opening (or reloading) the URL does: a run with no widget values."""
        self._values.clear()
        self._pending.clear()
        self.page = Page()
        return await self._rerun({})

    async def rerun(self) -> RunResult:
        return await self._rerun({})

    async def set(self, key: str, value: Any) -> RunResult | None:
        """Change a widget. Outside a form this reruns at once, as in the browser."""
        element = self.page.widget(key)
        wire_value(element, value, WidgetState())  # refuse a value it cannot encode now
        if element.form_id:
            self._pending.setdefault(element.form_id, {})[element.widget_id] = value
            return None
        self._values[element.widget_id] = value
        return await self._rerun({})

    async def click(self, key: str | None = None, *, label: str | None = None) -> RunResult:
        """Press a button (or a form's submit button, which sends the form's values)."""
        if key is not None:
            element = self.page.widget(key)
        elif label is not None:
            element = self.page.button_by_label(label)
        else:
            raise ValueError("click() needs a key or a label")
        if element.kind not in ("button", "download_button"):
            raise ValueError(f"{key or label!r} is a {element.kind}, not a button")
        if element.form_id:
            self._values.update(self._pending.pop(element.form_id, {}))
        # A widget drawn by an st.fragment reruns only that fragment, as in the browser.
        return await self._rerun(
            {element.widget_id: element}, fragment_id=element.fragment_id, auto=False
        )

    async def navigate(self, url_path: str) -> RunResult:
        """Go to another page of an st.navigation app, as a click in its menu does."""
        if url_path not in self.pages:
            raise KeyError(f"no page {url_path!r}; pages: {sorted(self.pages)}")
        self.page_name = url_path
        self.page_script_hash = self.pages[url_path]
        return await self._rerun({})

    async def fragment_rerun(self, fragment_id: str | None = None) -> RunResult:
        """What a `run_every` timer in the browser sends."""
        fragment_id = fragment_id or next(iter(self.auto_rerun), "")
        if not fragment_id:
            raise ValueError("the page has no auto-rerunning fragment")
        return await self._rerun({}, fragment_id=fragment_id)

    def _client_state(
        self, triggers: dict[str, Element], fragment_id: str, auto: bool = True
    ) -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = self.page_name
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = auto
        state.context_info.timezone = "UTC"
        state.context_info.timezone_offset = 0
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.origin}/{self.page_name}"
        state.context_info.is_embedded = False
        state.cached_message_hashes.extend(self._cache)
        present = {e.widget_id: e for e in self.page.widgets()}
        # Widgets that left the page are dropped, as the browser does.
        self._values = {wid: v for wid, v in self._values.items() if wid in present}
        for widget_id, element in present.items():
            if widget_id in triggers:
                wire_value(element, True, state.widget_states.widgets.add())
                continue
            value = self._values.get(widget_id, initial_value(element))
            if value is None:
                continue
            wire_value(element, value, state.widget_states.widgets.add())
        return message

    async def _rerun(
        self, triggers: dict[str, Element], fragment_id: str = "", auto: bool = True
    ) -> RunResult:
        if self._socket is None:
            raise ProtocolError("not connected")
        message = self._client_state(triggers, fragment_id, auto)
        self._fragment_run = fragment_id
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        runs, messages, size = 0, 0, 0
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f}s")
            try:
                frame = await asyncio.wait_for(self._socket.recv(), remaining)
            except TimeoutError as exc:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f}s") from exc
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"server closed the socket: {exc}") from exc
            if isinstance(frame, str):
                raise ProtocolError("server sent a text frame")
            messages += 1
            size += len(frame)
            finished = self._handle(frame)
            if finished is None:
                continue
            runs += 1
            if finished == FINISHED_EARLY_FOR_RERUN:
                continue  # st.rerun(): another run follows at once
            self.bytes_received += size
            return RunResult(
                finished, time.perf_counter() - started, runs, self.page, messages, size
            )

    # --- incoming messages --------------------------------------------------
    def _handle(self, frame: bytes) -> int | None:
        """Apply one ForwardMsg; returns the finish status on script_finished."""
        message = ForwardMsg()
        message.ParseFromString(frame)
        if message.HasField("ref_hash"):
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                raise ProtocolError(f"server referred to unknown cached message {message.ref_hash}")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached[0])
            resolved.metadata.CopyFrom(message.metadata)
            self._cache[message.ref_hash] = (cached[0], self._run)
            message = resolved
        elif message.metadata.cacheable and message.hash:
            self._cache[message.hash] = (message, self._run)

        kind = message.WhichOneof("type")
        if kind == "new_session":
            self._run += 1
            self.session_id = message.new_session.initialize.session_id or self.session_id
            self.page_script_hash = message.new_session.page_script_hash
        elif kind == "delta":
            self._apply_delta(message)
        elif kind == "navigation":
            # The page this run is showing: what the browser sends on its next rerun.
            self.page_script_hash = message.navigation.page_script_hash or self.page_script_hash
            self.pages = {
                page.url_pathname: page.page_script_hash for page in message.navigation.app_pages
            }
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_rerun[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            self.auto_rerun.clear()
        elif kind == "script_finished":
            status = message.script_finished
            if status == FINISHED_OK:
                # Elements the finished run did not write are stale: the browser drops them.
                self.page.elements = {
                    path: e for path, e in self.page.elements.items() if e.run == self._run
                }
                self._expire_cache()
            elif status == FINISHED_FRAGMENT and self._fragment_run:
                # A fragment run rewrites only its own elements; the rest of the page stays.
                ran = self._fragment_run
                self.page.elements = {
                    path: e
                    for path, e in self.page.elements.items()
                    if e.run == self._run or e.fragment_id != ran
                }
            return status
        return None

    def _apply_delta(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            element_kind = delta.new_element.WhichOneof("type") or "empty"
            proto = getattr(delta.new_element, element_kind)
        elif which == "add_block":
            element_kind = f"block:{delta.add_block.WhichOneof('type')}"
            proto = delta.add_block
        else:
            return
        # A new element at a path replaces whatever was below it.
        if which == "new_element":
            for stale in [p for p in self.page.elements if p[: len(path)] == path and p != path]:
                del self.page.elements[stale]
        self.page.elements[path] = Element(
            path, element_kind, proto, self._run, message.delta.fragment_id
        )

    def _expire_cache(self) -> None:
        self._cache = {
            h: (m, last)
            for h, (m, last) in self._cache.items()
            if self._run - last <= CACHE_MAX_AGE_RUNS
        }


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def run_sync(coroutine: Any) -> Any:
    """Run a coroutine to completion from synchronous code, in a thread of its own.

    asyncio.run() refuses to start inside a thread that already has a running
    loop (Playwright's sync API leaves one in pytest's main thread), so tests
    call this instead.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="loadtest-run-sync")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
