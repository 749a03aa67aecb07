"""Errors that carry a message a participant or facilitator can act on."""

from __future__ import annotations


class WorkshopError(Exception):
    """Base class: `str(error)` is safe and useful to show to a person."""


class InvalidJoinCode(WorkshopError):
    pass


class SessionNotFound(WorkshopError):
    pass


class SessionNotOpen(WorkshopError):
    """The session exists but does not accept answers (draft or closed)."""

    def __init__(self, message: str, state: str) -> None:
        super().__init__(message)
        self.state = state


class ParticipantNotFound(WorkshopError):
    pass


class AnswerRejected(WorkshopError):
    pass
