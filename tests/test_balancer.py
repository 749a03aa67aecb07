"""The shipped HAProxy configuration, run for real in front of two small stand-in replicas.

Each stand-in answers like a Streamlit replica would on the paths that matter
here (/_stcore/health, /_stcore/metrics, a script) and says which one it is,
so stickiness, failover, headers and compression are checked on HAProxy
itself, in seconds. tests/test_replicas.py runs the real app behind it.
"""

from __future__ import annotations

import gzip
import http.client
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from workshop_cli import haproxy, replicas

pytestmark = pytest.mark.skipif(
    not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()),
    reason="HAProxy tests need haproxy (apt-get install -y haproxy; .ci/run installs it)",
)

SCRIPT = ("function participant() { return 'step'; }\n" * 400).encode()


@dataclass
class StandIn:
    name: str
    server: ThreadingHTTPServer
    hits: int = 0
    cookies: str = ""  # every Cookie header it was sent
    health_delay: float = 0.0  # seconds before /_stcore/health answers (a busy replica)

    @property
    def port(self) -> int:
        return self.server.server_address[1]


def _stand_in(name: str) -> StandIn:
    stand_in: StandIn

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # as uvicorn answers; HAProxy compresses only these

        def do_GET(self) -> None:
            if self.path == "/_stcore/health":
                time.sleep(stand_in.health_delay)
            else:
                stand_in.hits += 1
                stand_in.cookies += self.headers.get("Cookie", "")
            body, kind = name.encode(), "text/html; charset=utf-8"
            if self.path.endswith(".js"):
                body, kind = SCRIPT, "text/javascript"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Stand-In", name)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    stand_in = StandIn(name, ThreadingHTTPServer(("127.0.0.1", 0), Handler))
    stand_in.server.handle_error = lambda *_args: None  # type: ignore[method-assign]  # checks hang up
    threading.Thread(target=stand_in.server.serve_forever, daemon=True).start()
    return stand_in


@pytest.fixture
def front(tmp_path: Path) -> Iterator[tuple[haproxy.Balancer, list[StandIn]]]:
    stand_ins = [_stand_in("app1"), _stand_in("app2")]
    try:
        with haproxy.balancer(stand_ins, tmp_path) as balancer:
            yield balancer, stand_ins
    finally:
        for stand_in in stand_ins:
            stand_in.server.shutdown()
            stand_in.server.server_close()


def _get(balancer: haproxy.Balancer, path: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    connection = http.client.HTTPConnection("127.0.0.1", balancer.port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def _sticky_cookie(response: http.client.HTTPResponse) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name == haproxy.COOKIE:
            return rest.split(";", 1)[0]
    return ""


def test_the_rendered_configuration_is_valid(tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    addresses = ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    config.write_text(haproxy.render(addresses, bind="127.0.0.1:8600", stats_socket="/tmp/s"))
    haproxy.check(config)
    text = config.read_text()
    for index, address in enumerate(addresses, start=1):
        assert f"server app{index} {address} cookie app{index}" in text
    config.write_text(text.replace("timeout tunnel 1h", "timeout tunnel forever"))
    with pytest.raises(RuntimeError, match="haproxy -c rejected"):
        haproxy.check(config)


def test_render_needs_a_replica() -> None:
    with pytest.raises(ValueError, match="at least one replica"):
        haproxy.render([], bind=":80", stats_socket="/tmp/s")


def test_a_browser_stays_on_its_replica(front) -> None:  # type: ignore[no-untyped-def]
    balancer, stand_ins = front
    first, body = _get(balancer, "/")
    replica = _sticky_cookie(first)
    assert replica in ("app1", "app2") and body.decode() == replica
    assert "HttpOnly" in first.headers["Set-Cookie"]
    for _ in range(10):
        response, body = _get(balancer, "/", {"Cookie": f"{haproxy.COOKIE}={replica}; a=b"})
        assert body.decode() == replica
        assert not _sticky_cookie(response)  # nothing to change
    # New browsers are spread over both replicas.
    assert {_sticky_cookie(_get(balancer, "/")[0]) for _ in range(6)} == {"app1", "app2"}
    # The stand-in never sees the stickiness cookie (indirect): it is HAProxy's alone.
    assert all(s.hits for s in stand_ins)
    assert not any(haproxy.COOKIE in s.cookies for s in stand_ins)


@pytest.mark.slow
def test_a_dead_replica_leaves_rotation(front) -> None:  # type: ignore[no-untyped-def]
    balancer, stand_ins = front
    dead = stand_ins[0]
    dead.server.shutdown()
    dead.server.server_close()
    balancer.wait_status("app1", "DOWN", timeout=15)
    response, body = _get(balancer, "/", {"Cookie": f"{haproxy.COOKIE}=app1"})
    assert response.status == 200 and body == b"app2"
    assert _sticky_cookie(response) == "app2"  # the browser is re-pinned
    assert {_get(balancer, "/")[1] for _ in range(4)} == {b"app2"}


@pytest.mark.slow
def test_a_busy_replica_stays_in_rotation(front) -> None:  # type: ignore[no-untyped-def]
    """A replica whose every core is busy answers its health check late, not never: it
    keeps its participants (a 503 for each would be worse than a slow answer)."""
    balancer, stand_ins = front
    stand_ins[0].health_delay = 5.0  # more than the 2 s between checks
    deadline = time.monotonic() + 16
    while time.monotonic() < deadline:
        assert balancer.stats()["app1"]["status"].startswith("UP"), balancer.stats()["app1"]
        time.sleep(0.5)
    response, body = _get(balancer, "/", {"Cookie": f"{haproxy.COOKIE}=app1"})
    assert response.status == 200 and body == b"app1"


def test_headers_compression_and_no_metrics(front) -> None:  # type: ignore[no-untyped-def]
    balancer, _ = front
    response, body = _get(balancer, "/static/js/index.js", {"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT and len(body) < len(SCRIPT) / 5
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers  # the page carries it
    page, _ = _get(balancer, "/")
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp and "script-src 'self' blob: 'sha256-" in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    # The audience screen alone may be framed, by the app itself (Present's preview).
    for path in ("/audience?session=ABCDEF", "/%61udience"):
        framed, _ = _get(balancer, path)
        assert framed.headers["X-Frame-Options"] == "SAMEORIGIN", path
        [policy] = framed.headers.get_all("Content-Security-Policy")  # one, not both
        assert policy.endswith("frame-ancestors 'self'")
    for path in ("/join", "/audiences", "/present?x=/audience"):
        assert _get(balancer, path)[0].headers["X-Frame-Options"] == "DENY", path
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in page.headers
    plain, body = _get(balancer, "/static/js/index.js")
    assert "Content-Encoding" not in plain.headers and body == SCRIPT
    for path in ("/_stcore/metrics", "/_stcore/%6Detrics", "/base/_stcore/metrics?x=1"):
        assert _get(balancer, path)[0].status == 404, path
    assert _get(balancer, "/_stcore/health")[0].status == 200


def test_bodies_past_the_upload_limit_never_reach_a_replica(front) -> None:  # type: ignore[no-untyped-def]
    """Issue 23 point 4: the import needs 1 MB; anything larger stops at HAProxy."""
    balancer, stand_ins = front
    hits = sum(s.hits for s in stand_ins)
    connection = http.client.HTTPConnection("127.0.0.1", balancer.port, timeout=10)
    # The headers alone: HAProxy answers before a byte of the body is sent.
    connection.putrequest("PUT", "/_stcore/upload_file/s/f")
    connection.putheader("Content-Length", str(haproxy.MAX_UPLOAD_BODY + 1))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()
    assert sum(s.hits for s in stand_ins) == hits


def test_phones_are_sent_to_the_balancer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replicas listen on loopback: the join link must name HAProxy's port."""
    monkeypatch.delenv("WORKSHOP_PUBLIC_URL", raising=False)
    monkeypatch.setattr("workshop.links.lan_address", lambda: "192.168.1.20")
    assert replicas.public_url("0.0.0.0", 8500) == "http://192.168.1.20:8500"
    assert replicas.public_url("127.0.0.1", 8600) == "http://127.0.0.1:8600"
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "https://workshop.example.org/")
    assert replicas.public_url("0.0.0.0", 8500) == "https://workshop.example.org"
