"""The demo's follow-up: synthetic people take codes, come back weeks later and link by code.

Behaviour is simulated, with rates stated here so the measured match rate can
be read for what it is: the share of follow-up participants the code system
linked, given how often people keep, retype, lose or mistype their code.
Research on self-generated codes reports about three quarters of pairs
matched; real rooms will differ, and the export reports the real figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import Engine, select

from workshop import db, followup, followup_matches, i18n, kinds, sessions
from workshop.answers import save_answer
from workshop.content import SurveySnapshot
from workshop.demo import _synthetic
from workshop.i18n import _
from workshop.participants import join, record_consent, set_progress
from workshop.schema import participants as participant_rows

FOLLOWUP_SURVEY = "aftercare-followup"

OPT_IN = 0.75  # finished workshop participants who take a random code
SELF_CODE = 0.5  # of those, who also make a self-generated code
RETURN = 0.7  # of those who took a code, who come back for the follow-up
NEWCOMERS = 0.15  # follow-up participants who never took a code (relative to returners)
KEPT = 0.8  # returners who still have their code (typed in any case or spacing)
MISTYPED = 0.1  # returners who type a word wrong and give up; the rest lost the code


@dataclass(frozen=True)
class FollowUpDemo:
    session: sessions.WorkshopSession
    counts: followup_matches.MatchCounts
    typed: int  # random codes entered
    self_made: int  # self-generated codes entered
    failed: int  # codes that did not link


def _finished_ids(engine: Engine, session_id: int) -> list[str]:
    with db.read(engine) as connection:
        return list(
            connection.execute(
                select(participant_rows.c.id)
                .where(participant_rows.c.session_id == session_id, participant_rows.c.finished)
                .order_by(participant_rows.c.id)
            ).scalars()
        )


def _self_parts(rng: random.Random) -> tuple[str, int, str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return rng.choice(letters), rng.randint(1, 28), rng.choice(letters) + rng.choice(letters)


def _retyped(rng: random.Random, code: str) -> str:
    """How a person might type their code back: other case, spaces instead of dashes."""
    styles = (code, code.upper(), code.replace("-", " "), " " + code.title() + " ")
    return rng.choice(styles)


def run(
    engine: Engine,
    workshop: sessions.WorkshopSession,
    snapshot: SurveySnapshot,
    *,
    seed: int = 11,
    key: bytes | None = None,
) -> FollowUpDemo:
    """Opt finished participants in, close the workshop, run its follow-up and link by code."""
    rng = random.Random(seed)
    key = key or followup.load_key()
    kept: list[tuple[str | None, tuple[str, int, str] | None]] = []
    for pid in _finished_ids(engine, workshop.id):
        if rng.random() >= OPT_IN:
            continue
        code = followup.opt_in(engine, pid, key=key)
        parts = None
        if rng.random() < SELF_CODE:
            parts = _self_parts(rng)
            try:
                followup.register_self_code(engine, pid, followup.self_code(*parts), key=key)
            except followup.FollowUpError:
                parts = None  # the same self-made code as someone else's: refused
        kept.append((code, parts))
    if workshop.is_open:
        sessions.close_session(engine, workshop.id)
    follow = sessions.create_session(
        engine,
        snapshot,
        title=f"Demo follow-up: {workshop.title}",
        open_now=True,
        follow_up_of=workshop.id,
        retention_days=workshop.retention_days,
    )
    returning = [entry for entry in kept if rng.random() < RETURN]
    newcomers = round(len(returning) * NEWCOMERS)
    people: list[tuple[str | None, tuple[str, int, str] | None]] = [
        *returning,
        *[(None, None)] * newcomers,
    ]
    rng.shuffle(people)
    typed = self_made = failed = 0
    weights = {
        q.id: [rng.random() + 0.1 for _option in q.options]
        for q in snapshot.survey.questions
        if q.options
    }
    for saved, parts in people:
        _joined, participant = join(engine, follow.code)
        record_consent(engine, participant.id)
        for question in snapshot.survey.questions:
            if kinds.moderated(question) and rng.random() < 0.7:
                continue
            save_answer(engine, participant.id, question.id, _synthetic(rng, question, {}, weights))
        set_progress(engine, participant.id, len(snapshot.survey.steps) - 1, finished=True)
        if saved is None:
            continue
        roll = rng.random()
        if roll < KEPT:
            entered = followup.normalize_code(_retyped(rng, saved))
            typed += 1
        elif roll < KEPT + MISTYPED:
            failed += 1
            continue
        elif parts is not None:
            entered = followup.self_code(*parts)
            self_made += 1
        else:
            failed += 1  # lost the code and made no self-generated one
            continue
        if not followup.link(engine, participant.id, entered, key=key).linked:
            failed += 1
    return FollowUpDemo(
        session=sessions.get_session(engine, follow.id),
        counts=followup_matches.match_counts(engine, follow.id),
        typed=typed,
        self_made=self_made,
        failed=failed,
    )


def describe(result: FollowUpDemo) -> str:
    """What `workshop demo --follow-up` prints, in the language the command speaks."""
    counts = result.counts
    if counts.rate_of_followup is None:
        head = _("Demo follow-up {code}: {participants} participant(s), {linked} linked by code.")
    elif counts.rate_of_opted_in is None:
        head = _(
            "Demo follow-up {code}: {participants} participant(s), {linked} linked by code "
            "(match rate {rate} of the follow-up)."
        )
    else:
        head = _(
            "Demo follow-up {code}: {participants} participant(s), {linked} linked by code "
            "(match rate {rate} of the follow-up, {opted_rate} of the {opted_in} who took a code)."
        )
    codes = _(
        "Codes entered: {typed} random, {self_made} self-made; {failed} did not link. "
        "Export both sessions to see waves.csv and waves_match.csv."
    )
    shown = head.format(
        code=result.session.code,
        participants=counts.followup_participants,
        linked=counts.linked,
        rate=i18n.percent(counts.rate_of_followup or 0),
        opted_rate=i18n.percent(counts.rate_of_opted_in or 0),
        opted_in=counts.opted_in,
    )
    return f"{shown} " + codes.format(
        typed=result.typed, self_made=result.self_made, failed=result.failed
    )
