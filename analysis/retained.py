"""The published aggregates a session keeps after its raw answers expire.

Exactly what the live display may show, per question, under the session's k
and masking rules (analysis.live.question_view): counts per category with
masked cells left as masked, number bins, mean ranks and words given by at
least k people. Free text is not kept: approved texts are raw answers too.
workshop.retention stores this on the session row before it deletes the rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from analysis import live
from analysis.disclosure import Breakdown, Cell, DisclosurePolicy, Mask
from analysis.words import Cloud
from workshop import sessions
from workshop.content import Question

FORMAT_VERSION = 1


def published(engine: Engine, session_id: int) -> dict[str, Any]:
    """A JSON-ready dict of everything the display may show about the session."""
    session = sessions.get_session(engine, session_id)
    survey = sessions.get_snapshot(engine, session_id).survey
    data = live.collect(engine, session_id, survey)
    policy = DisclosurePolicy.for_session(session.settings)
    questions: dict[str, Any] = {}
    for question in survey.questions:
        view = live.question_view(question, data, policy)
        entry: dict[str, Any] = {
            "responded": view.responded,
            "ready": view.ready,
            "declined": view.declined,
            "participants": view.participants,
        }
        if view.breakdown is not None:
            entry["withheld"] = view.breakdown.withheld
            entry["total"] = view.breakdown.total
            entry["reason"] = view.breakdown.reason
            entry["cells"] = [
                {"key": c.key, "count": c.count, "mask": c.mask.value} for c in view.breakdown.cells
            ]
        if view.bins:
            entry["bins"] = [
                {"key": b.key, "low": b.low, "high": b.high, "label": b.label} for b in view.bins
            ]
        if view.median is not None:
            entry["median"] = view.median
        if view.mean_rank:
            entry["mean_rank"] = view.mean_rank
        if view.cloud is not None:
            entry["words"] = [[term, count] for term, count in view.cloud.terms]
            entry["words_below_k"] = view.cloud.below_k
        questions[question.id] = entry
    return {
        "format": FORMAT_VERSION,
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "k": policy.k,
        "mask_all": policy.mask_all,
        "participants": {
            "joined": data.participants.joined,
            "consented": data.participants.consented,
            "finished": data.participants.finished,
        },
        "questions": questions,
    }


def view_from(
    question: Question, entry: dict[str, Any], policy: DisclosurePolicy
) -> live.QuestionView:
    """The stored view of one question, as the live display showed it before the purge.

    Approved free text is not kept, so a text item comes back with its words only.
    """
    k = policy.k
    breakdown = None
    if "cells" in entry:
        breakdown = Breakdown(
            total=int(entry.get("total", entry["responded"])),
            cells=tuple(Cell(c["key"], c["count"], Mask(c["mask"])) for c in entry["cells"]),
            withheld=bool(entry.get("withheld", False)),
            reason=str(entry.get("reason", "")),
        )
    cloud = None
    if "words" in entry:
        cloud = Cloud(
            k=k,
            terms=tuple((str(t), int(n)) for t, n in entry["words"]),
            below_k=int(entry.get("words_below_k", 0)),
        )
    return live.QuestionView(
        question=question,
        k=k,
        responded=int(entry["responded"]),
        declined=entry.get("declined"),
        participants=int(entry.get("participants", entry["responded"])),
        state=live.ViewState.ready if entry.get("ready") else live.ViewState.waiting,
        breakdown=breakdown,
        bins=tuple(
            live.NumberBin(b["key"], b["low"], b["high"], b["label"]) for b in entry.get("bins", ())
        ),
        median=entry.get("median"),
        mean_rank={str(c): float(r) for c, r in entry.get("mean_rank", {}).items()},
        cloud=cloud,
    )
