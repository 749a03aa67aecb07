"""Start a `streamlit run` process on loopback and wait until it answers; stop it again.

Shared by `workshop serve` (workshop_cli/replicas.py, production) and the load
client and tests (loadtest/launch.py), which the import contracts keep apart
from each other. It imports nothing from the project and only the standard
library, so either side may use it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Process:
    """A started `streamlit run`: its address, port, process and log file."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, grace: float = 15) -> None:
        stop_process(self.process, grace=grace)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(process: subprocess.Popen[bytes], *, grace: float) -> None:
    """Ask `process` to end; kill it if it has not after `grace` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


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
            # `url` is always http://127.0.0.1:PORT, built by the callers.
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f}s")


def start_streamlit(
    script: Path,
    *,
    cwd: Path,
    log_dir: Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
    args: list[str] | None = None,
    timeout: float = 60.0,
) -> Process:
    """Run `script` headless on 127.0.0.1:`port` (a free one if None) from `cwd`.

    `cwd` is the project root, so .streamlit/config.toml (the production
    settings) applies; `args` adds command-line settings.
    """
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(port),
            "--global.developmentMode", "false",
            "--browser.gatherUsageStats", "false",
            *(args or []),
        ],
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout, process)
    except RuntimeError as exc:
        process.kill()
        raise RuntimeError(f"{exc}:\n{log.read_text()[-3000:]}") from exc
    return Process(url, port, process, log)
