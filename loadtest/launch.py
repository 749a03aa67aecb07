"""Start and stop `streamlit run` processes for benchmarks and tests (loopback only)."""

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wait_healthy(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f}s")


def start(
    script: str | Path = "app.py",
    *,
    log_dir: Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    root: Path = ROOT,
    args: list[str] | None = None,
) -> Server:
    """Run `script` (relative to the project root) headless on 127.0.0.1.

    The working directory is the project root, so .streamlit/config.toml (the
    production settings) applies to the bare page and the app alike. `args`
    adds command-line settings (e.g. to measure Streamlit's defaults).
    """
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(root / script),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(port),
            "--global.developmentMode", "false",
            "--browser.gatherUsageStats", "false",
            *(args or []),
        ],
        cwd=root,
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
    return Server(url, port, process, log)


@contextmanager
def running(script: str | Path = "app.py", **kwargs: Any) -> Iterator[Server]:
    server = start(script, **kwargs)
    try:
        yield server
    finally:
        server.stop()
