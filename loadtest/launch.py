"""Start and stop `streamlit run` processes for benchmarks and tests (loopback only).

The process handling itself is streamlit_process's, which `workshop serve` uses too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streamlit_process import Process, free_port, start_streamlit, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
Server = Process  # a test's or benchmark's app process

__all__ = ["ROOT", "Server", "free_port", "running", "start", "wait_healthy"]


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
    return start_streamlit(
        root / script, cwd=root, log_dir=log_dir, port=port, env=env, args=args, timeout=timeout
    )


@contextmanager
def running(script: str | Path = "app.py", **kwargs: Any) -> Iterator[Server]:
    server = start(script, **kwargs)
    try:
        yield server
    finally:
        server.stop()
