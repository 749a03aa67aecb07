"""`serve` and `haproxy-config`: several app processes on one database behind HAProxy.

    workshop serve --replicas 2 --base-port 8501 --balancer-port 8500   (make replicas)
    workshop haproxy-config --bind :8080 --stats-socket /tmp/haproxy.sock \\
        --server app1:8501 --server app2:8501 > deploy/haproxy.cfg   (the compose file's)
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

from workshop.config import settings
from workshop.i18n import _
from workshop_cli import haproxy, replicas
from workshop_cli.commands import AddParser


def serve(args: argparse.Namespace) -> int:
    if args.replicas < 1:
        args.parser.error(_("--replicas must be at least 1"))
    haproxy.haproxy_binary()  # a clear message before anything starts
    database_url = args.database_url or settings().database_url
    address = replicas.public_url(args.balancer_host, args.balancer_port)
    stop = False

    def _stop(*_args: object) -> None:
        nonlocal stop
        stop = True

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="workshop-replicas-") as work,
            replicas.replicas(
                args.replicas,
                database_url,
                Path(work),
                base_port=args.base_port,
                env={"WORKSHOP_PUBLIC_URL": address},
            ) as servers,
            haproxy.balancer(
                servers, Path(work), port=args.balancer_port, host=args.balancer_host
            ) as front,
        ):
            for server in servers:
                print(
                    _("replica {url}  (pid {pid}, log {log})").format(
                        url=server.url, pid=server.pid, log=server.log
                    ),
                    flush=True,
                )
            print(
                _("HAProxy (pid {pid}): phones open {address}").format(
                    pid=front.process.pid, address=address
                )
            )
            print(_("Ctrl-C stops HAProxy and every replica."), flush=True)
            try:
                while not stop and front.process.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
            if front.process.poll() is not None:
                print(
                    _("HAProxy exited with code {code}").format(code=front.process.returncode),
                    file=sys.stderr,
                )
                return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def haproxy_config(args: argparse.Namespace) -> int:
    sys.stdout.write(haproxy.render(args.server, bind=args.bind, stats_socket=args.stats_socket))
    return 0


def _add_serve(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Run app replicas on one database behind HAProxy.")
    parser.add_argument("--replicas", type=int, default=2, help=_("app processes (default 2)"))
    parser.add_argument("--base-port", type=int, default=8501, help=_("the first replica's port"))
    parser.add_argument(
        "--balancer-port", type=int, default=8500, help=_("HAProxy's port, the one phones open")
    )
    parser.add_argument(  # all interfaces by default: phones in the room reach HAProxy
        "--balancer-host",
        default="0.0.0.0",  # noqa: S104
        help=_("127.0.0.1 to keep it on this machine"),
    )
    parser.add_argument("--database-url", default=None, help=_("default: WORKSHOP_DATABASE_URL"))
    parser.set_defaults(handler=serve, parser=parser)


def _add_haproxy_config(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Print the HAProxy configuration for the given replicas.")
    parser.add_argument(
        "--server", action="append", required=True, help=_("host:port, repeat for each replica")
    )
    parser.add_argument("--bind", default="127.0.0.1:8500", help=_("address HAProxy listens on"))
    parser.add_argument(
        "--stats-socket",
        default="/run/haproxy/workshop.sock",
        help=_("HAProxy's statistics socket"),
    )
    parser.set_defaults(handler=haproxy_config)


PARSERS: dict[str, AddParser] = {"serve": _add_serve, "haproxy-config": _add_haproxy_config}
