"""The HTTP headers every response carries, whoever serves the app.

Streamlit cannot set these itself. Behind HAProxy (`make replicas`, deploy/)
the proxy sets them from its rendered configuration; with plain `make run`
serve.py's middleware sets the same ones. Both take the policy from here, so
the single process and the proxy cannot drift apart.

The page loads nothing from other hosts. 'unsafe-inline' styles: Streamlit's
CSS-in-JS. No 'unsafe-eval': Streamlit draws Vega charts with its CSP-safe
expression interpreter. Inline scripts run only by hash: Streamlit's
index.html and the app's own (the quick exit), computed from the installed
files, so an upgrade of either changes the hashes by itself.

No page may be framed, except the audience screen by the app itself: Present
shows it in a frame as the presenter's preview of the projector
(ui/staff/preview.py). Everywhere else frame-ancestors 'none' and DENY.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
UI_ROOT = Path(__file__).resolve().parent.parent  # ui/, scanned with its subpackages

# The page carries the policy; scripts, styles and fonts need only nosniff
# (the policy on each of ~86 files would cost every phone about 28 KiB).
PAGE_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
FRAMABLE_PAGE_HEADERS = {**PAGE_HEADERS, "X-Frame-Options": "SAMEORIGIN"}
FRAMABLE_PATHS = ("/audience", "/audience/")  # the audience screen, for Present's preview
EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff"}
METRICS_PATH = "/_stcore/metrics"  # Prometheus metrics stay inside the host
LOOPBACK = ("127.0.0.1", "::1")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def script_hashes() -> list[str]:
    """CSP hashes of every inline script the browser runs: Streamlit's page and ours.

    Ours are the `<script>` blocks in ui/ module constants (shown with st.html).
    """
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = _INLINE_SCRIPT.findall(index.read_text())
    for module_file in sorted(UI_ROOT.rglob("*.py")):
        parts = module_file.relative_to(UI_ROOT.parent).with_suffix("").parts
        module = importlib.import_module(".".join(p for p in parts if p != "__init__"))
        for value in vars(module).values():
            if isinstance(value, str) and "<script>" in value:
                scripts += _INLINE_SCRIPT.findall(value)
    return sorted({_csp_hash(s) for s in scripts if s.strip()})


def framable(path: str) -> bool:
    """Whether the page at `path` (decoded, without the query) may be framed by this origin."""
    return path in FRAMABLE_PATHS


def content_security_policy(hashes: list[str] | None = None, *, framable: bool = False) -> str:
    """The page's Content-Security-Policy, one line (HAProxy puts it in quotes)."""
    scripts = " ".join(script_hashes() if hashes is None else hashes)
    ancestors = "'self'" if framable else "'none'"
    return (
        f"default-src 'self'; script-src 'self' blob: {scripts}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
        f"base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )


def page_headers(*, framable: bool) -> dict[str, str]:
    """Every header a page carries besides EVERY_RESPONSE: the policy, framing, referrer."""
    return {
        "Content-Security-Policy": content_security_policy(framable=framable),
        **(FRAMABLE_PAGE_HEADERS if framable else PAGE_HEADERS),
    }


def is_metrics(path: str) -> bool:
    """Whether a request path reaches the metrics endpoint (also when percent-encoded)."""
    return METRICS_PATH in unquote(path)


def from_this_host(scope: dict[str, Any]) -> bool:
    """Whether the request comes over loopback (the address is read, never kept)."""
    client = scope.get("client") or ("", 0)
    return str(client[0]) in LOOPBACK


class SecurityHeaders:
    """ASGI middleware for the single-process server: the proxy's headers, metrics closed.

    Metrics stay inside the host: the network gets 404, a process on the machine
    itself (an operator's monitoring, a replica's health tooling) still reads them.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.page_headers: dict[bool, list[tuple[bytes, bytes]]] = {}  # by framable, built once

    def _for_pages(self, path: str) -> list[tuple[bytes, bytes]]:
        allowed = framable(path)
        if allowed not in self.page_headers:
            pairs = page_headers(framable=allowed)
            self.page_headers[allowed] = [
                (n.lower().encode(), v.encode()) for n, v in pairs.items()
            ]
        return self.page_headers[allowed]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path", b"").decode("latin-1") or scope["path"]
        if is_metrics(path) and not from_this_host(scope):  # the network gets no metrics
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                kind = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                extra = [(n.lower().encode(), v.encode()) for n, v in EVERY_RESPONSE.items()]
                if kind.startswith(b"text/html"):
                    extra += self._for_pages(scope["path"])
                names = {n for n, _ in extra}
                headers = [(n, v) for n, v in headers if n.lower() not in names] + extra
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
