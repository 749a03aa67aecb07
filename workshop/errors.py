"""Errors that carry a message a participant or facilitator can act on."""

from __future__ import annotations


class WorkshopError(Exception):
    """Base class: `str(error)` is safe and useful to show to a person."""


class InvalidJoinCode(WorkshopError):
    """The text given is not a join code (wrong length or characters)."""


class SessionNotFound(WorkshopError):
    """No session has that join code or id."""


class SessionNotOpen(WorkshopError):
    """The session exists but does not accept answers (draft or closed)."""

    def __init__(self, message: str, state: str) -> None:
        super().__init__(message)
        self.state = state


class ParticipantNotFound(WorkshopError):
    """The participant id is malformed or gone (never joined, or withdrawn)."""


class AnswerRejected(WorkshopError):
    """An answer that breaks its question's rules (not a number, not an option)."""


class StaleStep(WorkshopError):
    """A step action sent from a screen the participant has already left (an old Next re-sent)."""

    def __init__(self, message: str, current_step: int) -> None:
        super().__init__(message)
        self.current_step = current_step


class JoiningClosed(WorkshopError):
    """The session takes no new participants now: locked by the facilitator, or too many joins."""
