"""Several app processes on one database behind HAProxy (`make replicas`).

    python -m benchmarks.replicas --replicas 2 --base-port 8501 --balancer-port 8500
    python -m benchmarks.replicas render --bind :8080 --stats-socket /tmp/haproxy.sock \\
        --server app1:8501 --server app2:8501 > deploy/haproxy.cfg   # the compose file's
    make replicas REPLICAS=2

Each replica is `streamlit run serve.py` (app.py, static files gzipped once
per process, as `make run`) on its own port, all using
WORKSHOP_DATABASE_URL (PostgreSQL for several machines; the SQLite file is
fine for several processes on one machine). The database is migrated once
before they start. Streamlit keeps a session's state in the process that holds
its websocket, so HAProxy in front pins each browser to one replica with a
cookie. Its configuration is rendered from deploy/haproxy.cfg.template, the one
template the compose file's configuration comes from too.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template

from loadtest import launch

TEMPLATE = launch.ROOT / "deploy" / "haproxy.cfg.template"
COOKIE = "WORKSHOP_REPLICA"


@contextmanager
def replicas(
    count: int,
    database_url: str,
    log_dir: Path,
    *,
    base_port: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[list[launch.Server]]:
    """Start `count` app processes sharing `database_url`; stop them all on exit."""
    from workshop import migrate

    migrate.upgrade(database_url)  # once, before the replicas race for it
    servers: list[launch.Server] = []
    try:
        for index in range(count):
            port = base_port + index if base_port else None
            servers.append(
                launch.start(
                    "serve.py",  # app.py with its static files gzipped once (serve.py)
                    log_dir=log_dir,
                    port=port,
                    env={"WORKSHOP_DATABASE_URL": database_url, **(env or {})},
                )
            )
        yield servers
    finally:
        for server in servers:
            server.stop()


def server_name(index: int) -> str:
    """The replica's name in HAProxy and in the stickiness cookie (1-based)."""
    return f"app{index + 1}"


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def script_hashes() -> list[str]:
    """CSP hashes of every inline script the browser runs: Streamlit's page and ours.

    Ours are the `<script>` blocks in ui/ module constants (shown with
    st.html); an upgrade of either changes the hashes, so render again.
    """
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = _INLINE_SCRIPT.findall(index.read_text())
    for module_file in sorted((launch.ROOT / "ui").glob("*.py")):
        module = importlib.import_module(f"ui.{module_file.stem}")
        for value in vars(module).values():
            if isinstance(value, str) and "<script>" in value:
                scripts += _INLINE_SCRIPT.findall(value)
    return sorted({_csp_hash(s) for s in scripts if s.strip()})


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
        script_hashes=" ".join(script_hashes()),
    )


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )
    if not found:
        raise RuntimeError(
            "HAProxy is not installed: `sudo apt-get install haproxy` (Debian/Ubuntu), "
            "`brew install haproxy` (macOS), then run this again."
        )
    return found


def check(config: Path) -> None:
    """`haproxy -c`: refuse a configuration HAProxy would not load."""
    result = subprocess.run(
        [haproxy_binary(), "-c", "-q", "-f", str(config)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"haproxy -c rejected {config}:\n{result.stdout}{result.stderr}")


@dataclass
class Balancer:
    url: str
    port: int
    process: subprocess.Popen
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
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@contextmanager
def balancer(
    servers: Sequence[launch.Server],
    work_dir: Path,
    *,
    port: int | None = None,
    host: str = "127.0.0.1",
) -> Iterator[Balancer]:
    """HAProxy in front of `servers`, rendered from the template and checked first."""
    port = port or launch.free_port()
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
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    front = Balancer(f"http://{shown_host}:{port}", port, process, config, stats_socket)
    try:
        launch.wait_healthy(front.url, 30, process)
        for index in range(len(servers)):
            front.wait_status(server_name(index), "UP")
        yield front
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\nhaproxy log:\n{log.read_text()[-2000:]}") from exc
    finally:
        front.stop()
        shutil.rmtree(socket_dir, ignore_errors=True)


def public_url(host: str, port: int) -> str:
    """The address phones use: HAProxy's port on this machine's network address.

    The replicas listen on loopback only, so the join link and QR code must
    name the balancer (unless WORKSHOP_PUBLIC_URL says otherwise).
    """
    from workshop import links

    if os.environ.get("WORKSHOP_PUBLIC_URL"):
        return os.environ["WORKSHOP_PUBLIC_URL"].rstrip("/")
    shown = links.lan_address() if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}"


def _render_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.replicas render",
        description="Print the HAProxy configuration for the given replicas.",
    )
    parser.add_argument("--server", action="append", required=True, help="host:port, repeat")
    parser.add_argument("--bind", default="127.0.0.1:8500", help="address HAProxy listens on")
    parser.add_argument("--stats-socket", default="/run/haproxy/workshop.sock")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.server, bind=args.bind, stats_socket=args.stats_socket))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["render"]:
        return _render_main(argv[1:])
    from workshop.config import settings

    parser = argparse.ArgumentParser(description="Run app replicas on one database behind HAProxy.")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--base-port", type=int, default=8501)
    parser.add_argument("--balancer-port", type=int, default=8500)
    parser.add_argument(
        "--balancer-host", default="0.0.0.0", help="127.0.0.1 to keep it on this machine"
    )
    parser.add_argument("--database-url", default=None, help="default: WORKSHOP_DATABASE_URL")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    haproxy_binary()  # a clear message before anything starts
    database_url = args.database_url or settings().database_url
    address = public_url(args.balancer_host, args.balancer_port)
    stop = False

    def _stop(*_args: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    with (
        tempfile.TemporaryDirectory(prefix="workshop-replicas-") as work,
        replicas(
            args.replicas,
            database_url,
            Path(work),
            base_port=args.base_port,
            env={"WORKSHOP_PUBLIC_URL": address},
        ) as servers,
        balancer(servers, Path(work), port=args.balancer_port, host=args.balancer_host) as front,
    ):
        for server in servers:
            print(f"replica {server.url}  (pid {server.pid}, log {server.log})", flush=True)
        print(f"HAProxy (pid {front.process.pid}): phones open {address}")
        print("Ctrl-C stops HAProxy and every replica.", flush=True)
        try:
            while not stop and front.process.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        if front.process.poll() is not None:
            print(f"HAProxy exited with code {front.process.returncode}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
