"""Question-box votes as the room sees them: order, and counts only once k voted, with noise.

An exact live count told the room who had just tapped ("0 votes" to "1 vote"
five seconds later). Through the disclosure policy (`room_votes`) the count
moves only in batches of k votes, carries noise drawn from the question's
secret (the same value on every rerun and replica), and is shown as a number
only once that noisy count reaches k. The order follows the noisy counts too.
The facilitator's Questions page keeps the exact counts (staff only).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.disclosure import DisclosurePolicy
from analysis.disclosure.noise import about
from workshop.i18n import _, ngettext
from workshop.question_box import VISIBLE, Shown, Status


@dataclass(frozen=True)
class RoomQuestion:
    id: str
    text: str
    status: Status
    votes: int | None  # None: fewer than k (noisy) votes, no number shown
    noisy: bool

    @property
    def votes_text(self) -> str:
        if self.votes is None:
            return _("no vote count yet")
        number = about(self.votes) if self.noisy else str(self.votes)
        return ngettext("{n} vote", "{n} votes", self.votes).format(n=number)


def below_k_note(policy: DisclosurePolicy) -> str:
    """Under the list: why some questions show no count."""
    return _("Vote counts appear once at least {k} people voted.").format(k=policy.k)


def room_questions(shown: list[Shown], policy: DisclosurePolicy) -> list[RoomQuestion]:
    """The visible questions in the room's order: status group, noisy votes, the random key."""
    scored = [(q, policy.room_votes(q.votes, q.secret)) for q in shown]
    scored.sort(key=lambda qn: (VISIBLE.index(qn[0].status), -qn[1], qn[0].secret or 0.0))
    return [
        RoomQuestion(
            q.id,
            q.text,
            q.status,
            None if policy.is_small(n) else n,
            noisy=policy.epsilon is not None,
        )
        for q, n in scored
    ]
