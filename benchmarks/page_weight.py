"""What a phone downloads before it shows the join form, cold and warm, on a throttled link.

    python -m benchmarks.page_weight                    # all setups, started here
    python -m benchmarks.page_weight --setups make-run  # one of: make-run, haproxy, plain
    python -m benchmarks.page_weight --url http://127.0.0.1:8501   # a running app

Chromium (Debian's, via Playwright) opens the participant's first screen at
phone size (390x844) with the network throttled through the DevTools protocol
(Network.emulateNetworkConditions; default 20 Mbit/s shared by 50 phones =
400 kbit/s each, 40 ms latency). Cold: an empty cache; warm: the same
browser opening the page again. Counted per load: HTTP requests, bytes on the
wire (encodedDataLength: headers plus the body as sent, so compressed when
compressed) of every request until the network is idle, websocket bytes
received, and seconds from navigation to a visible join form. Setups: `make-run` (serve.py, gzipped static files),
`haproxy` (app.py behind the shipped HAProxy configuration, as `make
replicas`), `plain` (app.py as Streamlit serves it, for comparison).
Loopback only; each setup starts on a scratch SQLite database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks import replicas
from loadtest import launch

CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
SETUPS = ("make-run", "haproxy", "plain")


def _load(context: Any, url: str, kbit: float, latency_ms: float) -> dict[str, Any]:
    """One navigation in `context`: requests, bytes and seconds to a visible join form."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": kbit * 1000 / 8,
            "uploadThroughput": kbit * 1000 / 8,
        },
    )
    requests: dict[str, str] = {}
    wire: dict[str, float] = {}
    cached: set[str] = set()
    socket_bytes = [0]
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: requests.setdefault(e["requestId"], e["request"]["url"]),
    )
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: socket_bytes.__setitem__(0, socket_bytes[0] + len(e["response"]["payloadData"])),
    )  # fmt: skip
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=300_000)
    page.get_by_label("Session code").wait_for(timeout=300_000)
    seconds = time.perf_counter() - started
    # Everything the first screen fetches counts, also what arrives after the form shows.
    page.wait_for_load_state("networkidle", timeout=300_000)
    page.close()
    host = urlsplit(url).netloc
    http = [rid for rid, u in requests.items() if urlsplit(u).scheme in ("http", "https")]
    return {
        "requests": len(http),
        "from_network": sum(1 for rid in http if rid not in cached and wire.get(rid, 0) > 0),
        "other_hosts": sorted({urlsplit(requests[r]).netloc for r in http} - {host}),
        "kib": round(sum(wire.get(rid, 0) for rid in http) / 1024, 1),
        "websocket_kib": round(socket_bytes[0] / 1024, 1),
        "seconds_to_join_form": round(seconds, 2),
    }


def measure(url: str, *, kbit: float, latency_ms: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        cold = _load(context, url, kbit, latency_ms)
        warm = _load(context, url, kbit, latency_ms)
        browser.close()
    return {"cold": cold, "warm": warm}


@contextmanager
def setup(name: str, work: Path) -> Iterator[str]:
    """Start one setup on a scratch database; yields the URL a phone opens."""
    database = f"sqlite:///{work / f'{name}.db'}"
    env = {"WORKSHOP_DATABASE_URL": database}
    if name == "make-run":
        with launch.running("serve.py", log_dir=work, env=env) as server:
            yield server.url
    elif name == "plain":
        with launch.running("app.py", log_dir=work, env=env) as server:
            yield server.url
    elif name == "haproxy":
        with ExitStack() as stack:
            servers = stack.enter_context(replicas.replicas(1, database, work))
            front = stack.enter_context(replicas.balancer(servers, work))
            yield front.url
    else:
        raise ValueError(f"unknown setup {name!r}; choose from {', '.join(SETUPS)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page weight of the participant's join screen.")
    parser.add_argument("--url", help="measure a running app instead of starting setups")
    parser.add_argument("--setups", default=",".join(SETUPS), help="comma-separated")
    parser.add_argument("--link-mbit", type=float, default=20.0, help="the venue's link")
    parser.add_argument("--phones", type=int, default=50, help="phones sharing the link")
    parser.add_argument("--latency-ms", type=float, default=40.0)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    kbit = args.link_mbit * 1000 / args.phones
    report: dict[str, Any] = {
        "link": f"{args.link_mbit:g} Mbit/s shared by {args.phones} phones = {kbit:g} kbit/s each",
        "latency_ms": args.latency_ms,
        "viewport": PHONE,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "results": {},
    }
    if args.url:
        report["results"]["url"] = measure(args.url, kbit=kbit, latency_ms=args.latency_ms)
    else:
        with tempfile.TemporaryDirectory(prefix="workshop-weight-") as scratch:
            for name in args.setups.split(","):
                with setup(name.strip(), Path(scratch)) as url:
                    result = measure(url, kbit=kbit, latency_ms=args.latency_ms)
                report["results"][name.strip()] = result
                print(name, json.dumps(result), flush=True)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
