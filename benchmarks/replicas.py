"""Run several app processes on one database, with an optional sticky front door.

    python -m benchmarks.replicas --replicas 2 --base-port 8501 --proxy-port 8500
    make replicas REPLICAS=2

Each replica is an ordinary `streamlit run app.py` on its own port, all using
WORKSHOP_DATABASE_URL (PostgreSQL for several machines; the SQLite file is
fine for several processes on one machine). The database is migrated once
before they start.

Streamlit keeps a session's state in the process that holds its websocket, so
a load balancer in front must be sticky. `--proxy-port` starts a small TCP
front door that sends every connection from one client address to the same
replica (like nginx `ip_hash`) and skips replicas that are down: enough for a
room on a local network. Behind NAT every phone shares an address, so for a
real deployment use nginx, Caddy or HAProxy with cookie stickiness (README).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loadtest import launch

CONNECT_TIMEOUT = 3.0
IDLE_LIMIT = 3600.0  # seconds a proxied connection may stay silent


@contextmanager
def replicas(
    count: int, database_url: str, log_dir: Path, *, base_port: int | None = None, env=None
) -> Iterator[list[launch.Server]]:  # type: ignore[no-untyped-def]
    """Start `count` app processes sharing `database_url`; stop them all on exit."""
    from workshop import migrate

    migrate.upgrade(database_url)  # once, before the replicas race for it
    servers: list[launch.Server] = []
    try:
        for index in range(count):
            port = base_port + index if base_port else None
            servers.append(
                launch.start(
                    "app.py",
                    log_dir=log_dir,
                    port=port,
                    env={"WORKSHOP_DATABASE_URL": database_url, **(env or {})},
                )
            )
        yield servers
    finally:
        for server in servers:
            server.stop()


def pick(client_host: str, ports: list[int], attempt: int) -> int:
    """The replica for a client address; later attempts move on to the next one."""
    digest = hashlib.sha256(client_host.encode()).digest()
    return ports[(int.from_bytes(digest[:4], "big") + attempt) % len(ports)]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            chunk = await asyncio.wait_for(reader.read(65536), IDLE_LIMIT)
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def serve_proxy(port: int, backend_ports: list[int], host: str = "127.0.0.1") -> None:
    """Sticky TCP front door: same client address, same replica (until it is down)."""

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter):  # type: ignore[no-untyped-def]
        peer = client_writer.get_extra_info("peername") or ("?", 0)
        for attempt in range(len(backend_ports)):
            target = pick(str(peer[0]), backend_ports, attempt)
            try:
                upstream = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", target), CONNECT_TIMEOUT
                )
            except (OSError, TimeoutError):
                continue
            up_reader, up_writer = upstream
            await asyncio.gather(_pipe(client_reader, up_writer), _pipe(up_reader, client_writer))
            return
        client_writer.close()

    server = await asyncio.start_server(handle, host, port)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    from workshop.config import settings

    parser = argparse.ArgumentParser(description="Run app replicas on one database.")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--base-port", type=int, default=8501)
    parser.add_argument("--proxy-port", type=int, help="also run the sticky front door here")
    parser.add_argument("--proxy-host", default="127.0.0.1", help="0.0.0.0 for phones on the LAN")
    parser.add_argument("--database-url", default=None, help="default: WORKSHOP_DATABASE_URL")
    args = parser.parse_args(argv)
    database_url = args.database_url or settings().database_url
    with (
        tempfile.TemporaryDirectory(prefix="workshop-replicas-") as logs,
        replicas(args.replicas, database_url, Path(logs), base_port=args.base_port) as servers,
    ):
        for server in servers:
            print(f"replica {server.url}  (pid {server.pid}, log {server.log})", flush=True)
        loop = asyncio.new_event_loop()
        stop = loop.create_future()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
        tasks = []
        if args.proxy_port:
            ports = [s.port for s in servers]
            tasks.append(loop.create_task(serve_proxy(args.proxy_port, ports, args.proxy_host)))
            print(f"sticky front door http://{args.proxy_host}:{args.proxy_port}", flush=True)
        print("Ctrl-C stops every replica.", flush=True)
        loop.run_until_complete(stop)
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
