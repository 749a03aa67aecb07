"""App replicas: `streamlit run serve.py` processes on one database, each on its own port.

Each replica is what `make run` starts (app.py, static files gzipped once per process),
listening on loopback only: HAProxy in front (workshop_cli/haproxy.py) is the one way in.
They all use one WORKSHOP_DATABASE_URL (PostgreSQL for several machines; the SQLite file
is fine for several processes on one machine), migrated once before they start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit_process import Process, start_streamlit
from workshop import links, migrate
from workshop.config import PROJECT_ROOT

SCRIPT = "serve.py"  # app.py with its static files gzipped once (serve.py)


Replica = Process  # one app process behind HAProxy


def start(*, log_dir: Path, port: int | None = None, env: dict[str, str] | None = None) -> Replica:
    """One replica on 127.0.0.1:`port` (a free one if None), started from the project root."""
    # From the project root, so .streamlit/config.toml, the production settings, applies.
    return start_streamlit(
        PROJECT_ROOT / SCRIPT, cwd=PROJECT_ROOT, log_dir=log_dir, port=port, env=env
    )


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
