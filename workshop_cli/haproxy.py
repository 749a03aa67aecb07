"""HAProxy in front of the app replicas: its configuration, rendered from one template, and
a running balancer with its statistics socket.

Streamlit keeps a session's state in the process holding its websocket, so HAProxy pins
each browser to one replica with a cookie. The configuration comes from
deploy/haproxy.cfg.template, the one template `workshop serve`, the compose file's
deploy/haproxy.cfg (`workshop haproxy-config`) and the tests all render.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Protocol

from streamlit_process import free_port, stop_process, wait_healthy
from ui.shared.security_headers import (
    EVERY_RESPONSE,
    FRAMABLE_PAGE_HEADERS,
    FRAMABLE_PATHS,
    PAGE_HEADERS,
    content_security_policy,
)
from workshop.config import PROJECT_ROOT
from workshop.i18n import _

TEMPLATE = PROJECT_ROOT / "deploy" / "haproxy.cfg.template"
COOKIE = "WORKSHOP_REPLICA"
# server.maxUploadSize (1 MB, .streamlit/config.toml) plus room for the multipart framing.
MAX_UPLOAD_BODY = 1024 * 1024 + 64 * 1024


class Listening(Protocol):
    """A replica as HAProxy needs it: a port on 127.0.0.1."""

    @property
    def port(self) -> int: ...


def server_name(index: int) -> str:
    """The replica's name in HAProxy and in the stickiness cookie (1-based)."""
    return f"app{index + 1}"


def render(servers: Sequence[str], *, bind: str, stats_socket: str) -> str:
    """The HAProxy configuration for app replicas at `servers` ("host:port" each)."""
    if not servers:
        raise ValueError("give at least one replica address (host:port)")
    lines = [
        f"    server {server_name(i)} {address} cookie {server_name(i)}"
        for i, address in enumerate(servers)
    ]
    return Template(TEMPLATE.read_text()).substitute(
        bind=bind,
        stats_socket=stats_socket,
        servers="\n".join(lines),
        # The same policy serve.py's middleware sends (ui/shared/security_headers.py).
        csp=content_security_policy(),
        csp_framable=content_security_policy(framable=True),
        framable_paths=" ".join(FRAMABLE_PATHS),
        max_body=MAX_UPLOAD_BODY,
        page_headers="\n".join(
            f"    http-response set-header {name} {value} if is_page {condition}"
            for headers, condition in (
                (PAGE_HEADERS, "!framable"),
                (FRAMABLE_PAGE_HEADERS, "framable"),
            )
            for name, value in headers.items()
        ),
        every_response="\n".join(
            f"    http-response set-header {name} {value}" for name, value in EVERY_RESPONSE.items()
        ),
    )


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )
    if not found:
        raise RuntimeError(
            _(
                "HAProxy is not installed: `sudo apt-get install haproxy` (Debian/Ubuntu), "
                "`brew install haproxy` (macOS), then run this again."
            )
        )
    return found


def check(config: Path) -> None:
    """`haproxy -c`: refuse a configuration HAProxy would not load."""
    result = subprocess.run(
        [haproxy_binary(), "-c", "-q", "-f", str(config)], capture_output=True, text=True
    )
    if result.returncode != 0:
        rejected = _("haproxy -c rejected {config}:").format(config=config)
        raise RuntimeError(f"{rejected}\n{result.stdout}{result.stderr}")


@dataclass
class Balancer:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    config: Path
    stats_socket: Path

    def stats(self) -> dict[str, dict[str, str]]:
        """`show stat` from the local socket: server name -> its CSV fields."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.stats_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        header, *rows = data.decode().strip().splitlines()
        names = header.lstrip("# ").split(",")
        table = [dict(zip(names, row.split(","), strict=False)) for row in rows]
        return {row["svname"]: row for row in table if row.get("pxname") == "replicas"}

    def wait_status(self, name: str, status: str, timeout: float = 30.0) -> None:
        """Wait until HAProxy's health checks report replica `name` as UP or DOWN."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stats().get(name, {}).get("status", "").startswith(status):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{name} is not {status} after {timeout:.0f}s: {self.stats()}")

    def stop(self) -> None:
        stop_process(self.process, grace=10)


@contextmanager
def balancer(
    servers: Sequence[Listening],
    work_dir: Path,
    *,
    port: int | None = None,
    host: str = "127.0.0.1",
) -> Iterator[Balancer]:
    """HAProxy in front of `servers`, rendered from the template and checked first."""
    port = port or free_port()
    # A unix socket path must stay under 108 bytes, whatever `work_dir` is.
    socket_dir = Path(tempfile.mkdtemp(prefix="haproxy-"))
    stats_socket = socket_dir / "stats.sock"
    config = work_dir / "haproxy.cfg"
    config.write_text(
        render(
            [f"127.0.0.1:{s.port}" for s in servers],
            bind=f"{host}:{port}",
            stats_socket=str(stats_socket),
        )
    )
    check(config)
    log = work_dir / "haproxy.log"
    process = subprocess.Popen(
        [haproxy_binary(), "-db", "-f", str(config)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 (a comparison)
    front = Balancer(f"http://{shown_host}:{port}", port, process, config, stats_socket)
    try:
        wait_healthy(front.url, 30, process, "haproxy")
        for index in range(len(servers)):
            front.wait_status(server_name(index), "UP")
        yield front
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\nhaproxy log:\n{log.read_text()[-2000:]}") from exc
    finally:
        front.stop()
        shutil.rmtree(socket_dir, ignore_errors=True)
