"""`make run`'s server: app.py as a Streamlit st.App with the proxy's security headers,
metrics closed, and static files gzipped.

Streamlit deliberately sends its static bundles uncompressed (its comment:
compressing per request at the origin costs CPU; production sits behind a
proxy that compresses). On a laptop with no proxy that means 2.7 MB per
phone. st.App accepts ASGI middleware, the supported way to add this: each
static file is compressed once per process, kept in memory (about 1 MB in
all) and sent to every browser that accepts gzip. Behind HAProxy
(`make replicas`, deploy/) the proxy compresses instead and app.py runs as is.

    streamlit run serve.py      (what `make run` does)
"""

from __future__ import annotations

import gzip
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from ui.shared import streamlit_patches
from ui.shared.security_headers import SecurityHeaders

# Headless Streamlit asks a public "what is my address" service for its banner:
# seeded with the local address, it never asks (ui/shared/streamlit_patches.py).
streamlit_patches.seed_external_address()
# Before the server binds: its connections send each message at once (patch 11).
streamlit_patches.send_small_messages_at_once()

# Text bundles worth compressing; fonts (woff2) and images are compressed already.
COMPRESSIBLE = (b"text/", b"application/javascript", b"application/json", b"image/svg+xml")
MIN_SIZE = 1024


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((value for key, value in headers if key.lower() == name), b"")


class StaticGzip:
    """ASGI middleware: gzip GET /static/... responses once, then serve them from memory.

    Streamlit's static files are named by their content and sent as immutable, so
    once a file has been answered, later requests for it are answered here without
    Streamlit: a phone opening the join link asks for about 60 of them, and going
    through Streamlit's file handler cost 2-3 ms of server CPU each (issue 25).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cache: dict[tuple[str, bytes], bytes] = {}  # (path, etag) -> gzipped body
        self.answered: dict[str, tuple[dict[str, Any], bytes]] = {}  # path -> (start, body)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        accepts = b"gzip" in _header(scope.get("headers", []), b"accept-encoding")
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith("/static/")
            and accepts
        ):
            await self.app(scope, receive, send)
            return
        known = self.answered.get(scope["path"])
        if known is not None:
            await send(known[0])
            await send({"type": "http.response.body", "body": known[1]})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._finish(scope["path"], start, b"".join(chunks), send)
                return
            if start:  # anything else (a file sent by path): pass it through as it is
                await send(start)
                start.clear()
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(self, path: str, start: dict[str, Any], body: bytes, send: Any) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        kind = _header(headers, b"content-type")
        if (
            start.get("status") != 200
            or len(body) < MIN_SIZE
            or _header(headers, b"content-encoding")
            or not kind.startswith(COMPRESSIBLE)
        ):
            await self._send(
                path,
                {**start, "headers": [*headers, (b"content-length", b"%d" % len(body))]},
                body,
                send,
            )
            return
        key = (path, _header(headers, b"etag") or b"%d" % len(body))
        packed = self.cache.get(key)
        if packed is None:
            packed = self.cache[key] = gzip.compress(body, compresslevel=9, mtime=0)
        headers += [
            (b"content-encoding", b"gzip"),
            (b"vary", b"Accept-Encoding"),
            (b"content-length", b"%d" % len(packed)),
        ]
        await self._send(path, {**start, "headers": headers}, packed, send)

    async def _send(self, path: str, start: dict[str, Any], body: bytes, send: Any) -> None:
        if start.get("status") == 200 and _immutable(start):
            self.answered[path] = (start, body)
        await send(start)
        await send({"type": "http.response.body", "body": body})


def _immutable(start: dict[str, Any]) -> bool:
    return b"immutable" in _header(start.get("headers", []), b"cache-control")


# Outermost first: the proxy's security headers and closed metrics (ui/shared/security_headers.py),
# then gzip for static files.
app = st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(StaticGzip)])
