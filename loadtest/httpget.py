"""The few HTTP requests a phone's browser makes besides the websocket: a minimal GET.

The simulator speaks HTTP/1.1 by hand so each request costs what a browser's
would (gzip accepted, cookies sent back, one connection per request) without
pulling an HTTP client library into the load generator's loop.
"""

from __future__ import annotations

import asyncio
import re


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def http_get(
    host: str,
    port: int,
    path: str,
    timeout: float,
    cookies: dict[str, str] | None = None,
    *,
    keep_body: bool = False,
) -> tuple[int, dict[str, str], bytes]:
    """A minimal HTTP/1.1 GET sending `cookies` and accepting gzip, as a phone's browser does.

    Returns the status, the cookies it set and (with `keep_body`) the body as sent.
    """
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    cookie = f"Cookie: {cookie_header(cookies)}\r\n" if cookies else ""
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{cookie}"
            "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        # Read the body even when it is dropped, so the server is not left writing to nobody.
        body = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    cookies: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            pair = value.strip().split(";", 1)[0]
            cookie_name, _, cookie_value = pair.partition("=")
            cookies[cookie_name] = cookie_value
    return status, cookies, body if keep_body else b""


# The files an index.html names (scripts, stylesheets, preloads), relative to the page.
PAGE_FILES = re.compile(rb'(?:src|href)="\.?/?(static/[^"]+)"')
