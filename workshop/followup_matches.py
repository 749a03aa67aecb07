"""How a follow-up session matched its workshop: counts and linked pairs, for exports.

The links themselves are made by workshop.followup; this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, and_, func, select

from workshop import db, sessions
from workshop.followup import FollowUpError
from workshop.schema import followup_links, participants


@dataclass(frozen=True)
class MatchCounts:
    """How a follow-up's participants matched the workshop's."""

    workshop_participants: int  # consented participants of the workshop session
    opted_in: int  # of them, those who took a code
    followup_participants: int  # consented participants of the follow-up session
    linked: int  # follow-up participants linked to a workshop participant

    @property
    def rate_of_followup(self) -> float | None:
        """Share of the follow-up's participants whose answers linked."""
        return self.linked / self.followup_participants if self.followup_participants else None

    @property
    def rate_of_opted_in(self) -> float | None:
        """Share of those who took a code who came back and linked."""
        return self.linked / self.opted_in if self.opted_in else None


def match_counts(engine: Engine, followup_session_id: int) -> MatchCounts:
    session = sessions.get_session(engine, followup_session_id)
    if session.follow_up_of is None:
        raise FollowUpError(f"Session {session.code} is not a follow-up of another session.")
    origin = session.follow_up_of

    def consented(session_id: int) -> int:
        return connection.execute(
            select(func.count())
            .select_from(participants)
            .where(participants.c.session_id == session_id, participants.c.consented)
        ).scalar_one()

    with db.read(engine) as connection:
        opted = connection.execute(
            select(func.count(func.distinct(followup_links.c.participant_id))).where(
                followup_links.c.session_id == origin
            )
        ).scalar_one()
        linked = connection.execute(
            select(func.count(func.distinct(followup_links.c.followup_participant_id)))
            .select_from(
                followup_links.join(
                    participants, participants.c.id == followup_links.c.followup_participant_id
                )
            )
            .where(
                and_(
                    followup_links.c.session_id == origin,
                    participants.c.session_id == followup_session_id,
                    participants.c.consented,
                )
            )
        ).scalar_one()
        return MatchCounts(consented(origin), opted, consented(followup_session_id), linked)


def pairs(engine: Engine, followup_session_id: int) -> list[tuple[str, str]]:
    """(workshop participant, follow-up participant) for every link of this follow-up."""
    session = sessions.get_session(engine, followup_session_id)
    with db.read(engine) as connection:
        rows = connection.execute(
            select(followup_links.c.participant_id, followup_links.c.followup_participant_id)
            .distinct()
            .join(participants, participants.c.id == followup_links.c.followup_participant_id)
            .where(
                followup_links.c.session_id == session.follow_up_of,
                participants.c.session_id == followup_session_id,
            )
        ).all()
    return sorted((r.participant_id, r.followup_participant_id) for r in rows)
