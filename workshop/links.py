"""The addresses people type or scan: join links for phones, the facilitator's page.

Phones in the room reach the laptop over the local network, so without a
configured public URL we use the machine's local-network address (no internet
needed). Finding it sends no packet: connecting a UDP socket only picks the
outgoing interface.
"""

from __future__ import annotations

import socket
from urllib.parse import quote

FACILITATOR_PATH = "facilitator"


def lan_address() -> str:
    """This machine's address on the local network, or 127.0.0.1 when there is none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.254.254.254", 1))  # UDP connect: no traffic is sent
            address = sock.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address if address and not address.startswith("0.") else "127.0.0.1"


def base_url(public_url: str | None, port: int, host: str | None = None) -> str:
    """WORKSHOP_PUBLIC_URL when set (behind a proxy or a domain), else http://<lan address>:<port>."""
    if public_url:
        return public_url.rstrip("/")
    return f"http://{host or lan_address()}:{port}"


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/?code={quote(code)}"


def facilitator_url(base: str) -> str:
    return f"{base.rstrip('/')}/{FACILITATOR_PATH}"
