"""Keep secrets that open a session out of every log line.

A Streamlit session id is a bearer token: a client that sends a staff tab's
id when it connects takes over that tab, staff role included. Streamlit
itself prints such ids in warnings ("Session with id ... is already
connected"), and a participant id or a login token can appear in a logged
URL. Every log record is rewritten as it is made, whatever logger it comes
from (Streamlit's loggers do not propagate, so a root handler filter would
miss them): `install()` wraps the process's log record factory once.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

REDACTED = "[redacted]"

_SECRETS = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # session ids
    r"|(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])"  # participant ids
    r"|(?<=login=)[A-Za-z0-9_-]+"  # one-time login tokens in a URL
)

_installed = False
_lock = threading.Lock()


def redact(text: str) -> str:
    """`text` with every session id, participant id and login token replaced."""
    return _SECRETS.sub(REDACTED, text)


def install() -> None:
    """Redact every log record this process makes from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: leave it to the handler to report
                return record
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
