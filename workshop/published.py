"""What each question's display last published, kept in the database.

analysis/live/batches.py decides when a batch moves; this module only stores it. A row
holds the counts the batch was drawn from (opaque JSON made by analysis: no
participant ids, no text, no word fewer than k people gave) and its response
count; a released snapshot's texts are read live at display time, so nothing
here outlives a withdrawal or a hidden text (workshop/lifecycle.py). Because the batch is stored, hiding
and revealing a question, a server restart and every other replica show the
same batch instead of the latest counts. Scope "live" is the room's chart;
"released" is the snapshot the facilitator released to participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, delete, insert, select, update

from workshop import db
from workshop.schema import published_results


class Scope(StrEnum):
    live = "live"
    released = "released"


@dataclass(frozen=True)
class Stored:
    responded: int
    basis: str  # JSON written by analysis.live


def read(engine: Engine, session_id: int, scope: Scope) -> dict[str, Stored]:
    """Every stored batch of one session and scope, by item id (one query)."""
    with db.read(engine) as connection:
        rows = connection.execute(
            select(
                published_results.c.item_id,
                published_results.c.responded,
                published_results.c.basis,
            ).where(
                published_results.c.session_id == session_id,
                published_results.c.scope == scope.value,
            )
        ).all()
    return {item: Stored(int(responded), basis) for item, responded, basis in rows}


def publish(
    engine: Engine,
    session_id: int,
    item_id: str,
    new: Stored,
    *,
    replacing: Stored | None,
) -> bool:
    """Store a new live batch if the stored one is still `replacing`; False if another got there first.

    Compare-and-set, so two replicas publishing at once cannot move the batch
    twice: the loser shows the winner's batch from its next read.
    """
    table = published_results
    key = (
        (table.c.session_id == session_id)
        & (table.c.scope == Scope.live.value)
        & (table.c.item_id == item_id)
    )
    with db.write(engine) as connection:
        current = connection.execute(
            select(table.c.responded, table.c.basis).where(key).with_for_update()
        ).first()
        if current is None:
            if replacing is not None:
                return False
            connection.execute(
                insert(table).values(
                    session_id=session_id,
                    scope=Scope.live.value,
                    item_id=item_id,
                    responded=new.responded,
                    basis=new.basis,
                )
            )
            return True
        if replacing is None or Stored(int(current.responded), current.basis) != replacing:
            return False
        connection.execute(
            update(table).where(key).values(responded=new.responded, basis=new.basis)
        )
        return True


def release(engine: Engine, session_id: int) -> int:
    """Copy the live batches to the released snapshot (replacing the last); returns how many."""
    table = published_results
    with db.write(engine) as connection:
        connection.execute(
            delete(table).where(
                table.c.session_id == session_id, table.c.scope == Scope.released.value
            )
        )
        live = connection.execute(
            select(table.c.item_id, table.c.responded, table.c.basis).where(
                table.c.session_id == session_id, table.c.scope == Scope.live.value
            )
        ).all()
        if live:
            connection.execute(
                insert(table),
                [
                    {
                        "session_id": session_id,
                        "scope": Scope.released.value,
                        "item_id": item,
                        "responded": responded,
                        "basis": basis,
                    }
                    for item, responded, basis in live
                ],
            )
    return len(live)


def withdraw_release(engine: Engine, session_id: int) -> None:
    """Take the released snapshot back: participants see no results again."""
    with db.write(engine) as connection:
        connection.execute(
            delete(published_results).where(
                published_results.c.session_id == session_id,
                published_results.c.scope == Scope.released.value,
            )
        )
