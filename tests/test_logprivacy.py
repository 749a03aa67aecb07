"""No session id, participant id or login token reaches a log (issue 16 finding 17)."""

from __future__ import annotations

import logging
import uuid

from workshop import logprivacy


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_redact_removes_ids_and_tokens_and_keeps_the_rest() -> None:
    session_id = str(uuid.uuid4())
    participant = uuid.uuid4().hex
    line = f"Session with id {session_id} is already connected; /?code=ABCDEF&p={participant}"
    cleaned = logprivacy.redact(line + " /facilitator?login=abc_DEF-123")
    assert session_id not in cleaned and participant not in cleaned and "abc_DEF" not in cleaned
    assert "Session with id [redacted] is already connected" in cleaned
    assert "code=ABCDEF" in cleaned  # a join code is printed on the projector anyway


def test_streamlit_warnings_with_a_session_id_are_redacted() -> None:
    from streamlit.logger import get_logger

    logprivacy.install()
    logprivacy.install()  # idempotent
    logger = get_logger("streamlit.runtime.websocket_session_manager")  # does not propagate
    keep = _Keep()
    logger.addHandler(keep)
    try:
        session_id = str(uuid.uuid4())
        logger.warning(
            "Session with id %s is already connected! Reconnecting to existing session.",
            session_id,
        )
        logging.getLogger("some.other").addHandler(keep)
        logging.getLogger("some.other").warning("participant %s", uuid.uuid4().hex)
    finally:
        logger.removeHandler(keep)
        logging.getLogger("some.other").removeHandler(keep)
    assert len(keep.lines) == 2
    assert all("[redacted]" in line for line in keep.lines)
    assert session_id not in keep.lines[0]
