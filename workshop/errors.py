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


class StaleStep(WorkshopError):
    """A step action sent from a screen the participant has already left (an old Next re-sent)."""

    def __init__(self, message: str, current_step: int) -> None:
        super().__init__(message)
        self.current_step = current_step


class JoiningClosed(WorkshopError):
    """The session takes no new participants now: locked by the facilitator, or too many joins."""
