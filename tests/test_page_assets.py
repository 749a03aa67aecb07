"""What a phone downloads: compressed with plain `make run`, never from another host, and
the shipped Content-Security-Policy lets every screen (charts included) work."""

from __future__ import annotations

import contextlib
import gzip
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import streamlit

from loadtest import launch
from tests.support.browser import PHONE, PROJECTOR, stage_preview
from tests.support.browser import browser as _session_browser
from tests.support.server import wait_for_app
from workshop import db, migrate, participants, sessions
from workshop.answers import save_answer
from workshop.sessions import SessionSettings
from workshop_cli import haproxy, replicas

PASSPHRASE = "page assets passphrase for tests"
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _get(url: str, **headers: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=15) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The server `make run` starts (serve.py), on a scratch SQLite database."""
    work = tmp_path_factory.mktemp("make-run")
    url = f"sqlite:///{work / 'workshop.db'}"
    migrate.upgrade(url)
    env = {"WORKSHOP_DATABASE_URL": url, "WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with launch.running("serve.py", log_dir=work, env=env) as server:
        yield server, url


@pytest.mark.slow
def test_make_run_sends_static_files_gzipped(make_run) -> None:  # type: ignore[no-untyped-def]
    server, _ = make_run
    _, index = _get(f"{server.url}/")
    script = re.search(rb'src="\./(static/js/index[^"]+\.js)"', index)
    assert script, index[:500]
    url = f"{server.url}/{script.group(1).decode()}"
    plain_headers, plain = _get(url)
    assert "content-encoding" not in plain_headers and len(plain) > 100_000
    for _ in range(2):  # compressed once, then served from memory: the same bytes
        headers, packed = _get(url, **{"Accept-Encoding": "gzip, deflate, br"})
        assert headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
        assert headers["cache-control"] == plain_headers["cache-control"]  # still immutable
    # Fonts are compressed already and go out as they are.
    fonts = Path(streamlit.__file__).parent / "static" / "static" / "media"
    font = next(fonts.glob("SourceSans*.woff2"))
    headers, _ = _get(f"{server.url}/static/media/{font.name}", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers
    assert "Traceback" not in server.log.read_text()


def _watch(page) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    return requested, console


@pytest.mark.browser
def test_first_screen_contacts_only_the_app(browser, make_run) -> None:  # type: ignore[no-untyped-def]
    server, _ = make_run
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requested, _ = _watch(page)
    page.goto(f"{server.url}/")
    wait_for_app(page)
    page.get_by_label("Session code").wait_for(timeout=15_000)
    page.wait_for_timeout(1_000)  # the favicon is set after the first script run
    host = urlsplit(server.url).netloc
    elsewhere = [u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    elsewhere = [u for u in elsewhere if urlsplit(u).netloc != host]
    assert requested and not elsewhere, elsewhere
    icon = page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href")
    assert icon.startswith("data:") or urlsplit(icon).netloc == host, icon
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()),
    reason="needs haproxy (apt-get install -y haproxy)",
)
def test_screens_work_under_the_shipped_csp(browser, tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    """Through HAProxy: the join screen, a staff reload and a live chart in Present's
    preview frame, no CSP report."""
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    session = sessions.create_session(
        engine, library.snapshot("first-look"), settings=SessionSettings(k=3), open_now=True
    )
    for code in ("4", "5", "5", "2"):
        _, participant = participants.join(engine, session.code, consented=True)
        save_answer(engine, participant.id, "importance_pre", code)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with (
        replicas.replicas(1, url, tmp_path, env=env) as servers,
        haproxy.balancer(servers, tmp_path) as front,
    ):
        phone = browser.new_context(viewport=PHONE)
        page = phone.new_page()
        _, console = _watch(page)
        page.goto(f"{front.url}/?code={session.code}")
        wait_for_app(page)
        page.get_by_text("I am 18 or older.").wait_for(timeout=15_000)
        phone.close()

        desk = browser.new_context(viewport=PROJECTOR)
        page = desk.new_page()
        _, desk_console = _watch(page)
        page.goto(f"{front.url}/facilitator")
        wait_for_app(page)
        page.get_by_label("Passphrase").fill(PASSPHRASE)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)
        # The tab token (a blob: module) keeps the role across a reload under this CSP.
        page.wait_for_function("() => window.sessionStorage.length > 0", timeout=15_000)
        page.reload()
        page.get_by_role("heading", name="Sessions").wait_for(timeout=20_000)
        page.get_by_role("button", name="Present").click()
        page.get_by_role("button", name="Hide code").click()
        page.get_by_role("button", name="Reveal results").click()
        # The chart is drawn in Present's preview: the audience screen framed by the app
        # itself, which only /audience's frame-ancestors 'self' allows.
        stage_preview(page).locator(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
        ).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1_000)
        desk.close()
    problems = [m for m in console + desk_console if "Content Security Policy" in m]
    assert not problems, problems


def test_the_server_never_asks_a_public_service_for_its_address(monkeypatch) -> None:
    """Streamlit's headless banner would fetch checkip.amazonaws.com at every start."""
    import importlib

    from streamlit import net_util

    asked: list[str] = []
    monkeypatch.setattr(net_util, "_external_ip", None)
    monkeypatch.setattr(net_util, "_make_blocking_http_get", lambda url, timeout: asked.append(url))
    import serve

    importlib.reload(serve)
    assert hasattr(net_util, "_external_ip"), "Streamlit renamed the cache serve.py seeds"
    assert net_util.get_external_ip() is not None
    assert asked == []


@pytest.mark.slow
def test_make_run_sets_the_proxys_headers_and_closes_metrics(make_run) -> None:  # type: ignore[no-untyped-def]
    """Issue 23 point 4: plain `make run` sent no security headers and served metrics."""
    from ui.shared.security_headers import content_security_policy

    server, _ = make_run
    headers, _ = _get(f"{server.url}/")
    assert headers["content-security-policy"] == content_security_policy()
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    # Only the audience screen may be framed, and only by the app (Present's preview).
    audience, _ = _get(f"{server.url}/audience?session=ABCDEF")
    assert audience["content-security-policy"] == content_security_policy(framable=True)
    assert audience["x-frame-options"] == "SAMEORIGIN"
    # (uvicorn adds "server: uvicorn" below the ASGI app; only a proxy can drop it.)
    assert headers["x-content-type-options"] == "nosniff"
    health, _ = _get(f"{server.url}/_stcore/health")
    assert health["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in health  # the page carries the policy
    metrics, _ = _get(f"{server.url}/_stcore/metrics")  # this host may read them
    assert metrics["content-type"].startswith(("text/plain", "application/"))


def test_the_network_gets_no_metrics_from_make_run() -> None:
    """Issue 23 point 4: `make run` served metrics to the local network."""
    from ui.shared.security_headers import SecurityHeaders

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"metrics"})

    def status(path: str, client: str) -> int:
        sent: list[dict] = []

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        scope = {"type": "http", "path": path, "raw_path": path.encode(), "client": (client, 5)}
        # Nothing here waits on I/O: step the coroutine by hand (no event loop needed,
        # so it also runs in a worker where Playwright already holds one).
        with contextlib.suppress(StopIteration):
            SecurityHeaders(app)(scope, None, send).send(None)
        return int(sent[0]["status"])

    for path in ("/_stcore/metrics", "/_stcore%2Fmetrics", "/%5Fstcore/metrics"):
        assert status(path, "192.168.1.20") == 404, path
        assert status(path, "10.0.0.7") == 404, path
    assert status("/_stcore/metrics", "127.0.0.1") == 200
    assert status("/_stcore/health", "192.168.1.20") == 200


def test_only_the_audience_screen_may_be_framed_and_only_by_the_app() -> None:
    """Issue 24 point 6: Present frames /audience; every other page stays unframeable."""
    from ui.shared.security_headers import SecurityHeaders, content_security_policy

    assert "frame-ancestors 'none'" in content_security_policy([])
    framed = content_security_policy([], framable=True)
    assert framed.endswith("frame-ancestors 'self'") and "frame-ancestors 'none'" not in framed

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        kind = b"text/html" if "static" not in scope["path"] else b"text/javascript"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind)]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"page"})

    def headers(path: str) -> dict[str, str]:
        sent: list[dict] = []

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        scope = {"type": "http", "path": path, "raw_path": path.encode(), "client": ("::1", 5)}
        with contextlib.suppress(StopIteration):  # no I/O to wait on: step it by hand
            SecurityHeaders(app)(scope, None, send).send(None)
        return {n.decode(): v.decode() for n, v in sent[0]["headers"]}

    for path in ("/audience", "/audience/"):
        assert headers(path)["x-frame-options"] == "SAMEORIGIN", path
        assert headers(path)["content-security-policy"].endswith("frame-ancestors 'self'")
    for path in ("/", "/join", "/present", "/facilitator", "/audiences", "/x/audience"):
        assert headers(path)["x-frame-options"] == "DENY", path
        assert headers(path)["content-security-policy"].endswith("frame-ancestors 'none'")
    assert "x-frame-options" not in headers("/static/js/index.js")
