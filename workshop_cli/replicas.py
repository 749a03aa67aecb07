"""App replicas: `streamlit run serve.py` processes on one database, each on its own port.

Each replica is what `make run` starts (app.py, static files gzipped once per process),
listening on loopback only: HAProxy in front (workshop_cli/haproxy.py) is the one way in.
They all use one WORKSHOP_DATABASE_URL (PostgreSQL for several machines; the SQLite file
is fine for several processes on one machine), migrated once before they start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workshop import links, migrate
from workshop.config import PROJECT_ROOT

SCRIPT = "serve.py"  # app.py with its static files gzipped once (serve.py)


@dataclass
class Replica:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        stop_process(self.process, grace=15)


def stop_process(process: subprocess.Popen[bytes], *, grace: float) -> None:
    """Ask `process` to end; kill it if it has not after `grace` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(
    url: str,
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
    what: str = "streamlit",
) -> None:
    """Poll `url`/_stcore/health until it answers 200; fail early if `process` (`what`) exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited early with code {process.returncode}")
        try:
            # `url` is always http://127.0.0.1:PORT, built here or by haproxy.balancer.
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f}s")


def start(*, log_dir: Path, port: int | None = None, env: dict[str, str] | None = None) -> Replica:
    """One replica on 127.0.0.1:`port` (a free one if None), started from the project root."""
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / SCRIPT),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(port),
            "--global.developmentMode", "false",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=PROJECT_ROOT,  # so .streamlit/config.toml, the production settings, applies
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 60, process)
    except RuntimeError as exc:
        process.kill()
        raise RuntimeError(f"{exc}:\n{log.read_text()[-3000:]}") from exc
    return Replica(url, port, process, log)


@contextmanager
def replicas(
    count: int,
    database_url: str,
    log_dir: Path,
    *,
    base_port: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[list[Replica]]:
    """Start `count` replicas sharing `database_url`; stop them all on exit."""
    migrate.upgrade(database_url)  # once, before the replicas race for it
    started: list[Replica] = []
    try:
        for index in range(count):
            started.append(
                start(
                    log_dir=log_dir,
                    port=base_port + index if base_port else None,
                    env={"WORKSHOP_DATABASE_URL": database_url, **(env or {})},
                )
            )
        yield started
    finally:
        for replica in started:
            replica.stop()


def public_url(host: str, port: int) -> str:
    """The address phones use: HAProxy's port on this machine's network address.

    The replicas listen on loopback only, so the join link and QR code must
    name the balancer (unless WORKSHOP_PUBLIC_URL says otherwise).
    """
    if os.environ.get("WORKSHOP_PUBLIC_URL"):
        return os.environ["WORKSHOP_PUBLIC_URL"].rstrip("/")
    shown = links.lan_address() if host in ("0.0.0.0", "") else host  # noqa: S104 (a comparison)
    return f"http://{shown}:{port}"
