"""Three waves: pre and post from a workshop, and its follow-up, linked by follow-up code.

When an export holds a follow-up session and the workshop it follows up, the
linked participants get one row per repeated construct in waves.csv (pre,
post, follow-up), and waves_match.csv says how many matched. The follow-up's
repeated items carry the workshop's post item id (`repeats: true`), so the
construct and its pre item come from the workshop's survey.

The wave ids are new random numbers, unrelated to the ids in the other files.
Fewer than k linked people: the rows are withheld (the counts still show).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Engine, select

from analysis.dataset import Missing
from analysis.disclosure import is_small
from workshop import db, followup_matches, sessions
from workshop.content import Measure, Survey
from workshop.schema import answers

from .anonymize import new_ids
from .report import Report
from .tables import MATCH_FIELDS, WAVE_FIELDS, header, write_csv


def repeated(workshop: Survey, follow: Survey) -> list[tuple[str, str, str | None, str]]:
    """(construct, workshop item before, workshop item after or None, follow-up item).

    A repeated post item brings its construct's pre item; a repeated item the
    workshop asked once (current behaviour, before the modules) is its own
    baseline and has no "after" wave.
    """
    out: list[tuple[str, str, str | None, str]] = []
    for question in follow.questions:
        if not question.repeats:
            continue
        asked = workshop.question(question.id)
        if asked is None:
            continue
        if asked.measure is None or asked.construct_id is None:
            out.append((asked.id, asked.id, None, question.id))
            continue
        if asked.measure is not Measure.post:
            continue
        pre = next(
            (
                q
                for q in workshop.questions
                if q.construct_id == asked.construct_id and q.measure is Measure.pre
            ),
            None,
        )
        if pre is not None:
            out.append((asked.construct_id, pre.id, asked.id, question.id))
    return out


def _values(engine: Engine, pids: list[str], items: list[str]) -> dict[tuple[str, str], object]:
    """(participant, item) -> stored value (a code, a number or a list of codes) or DECLINED."""
    found: dict[tuple[str, str], object] = {}
    if not pids or not items:
        return found
    with db.read(engine) as connection:
        for row in connection.execute(
            select(
                answers.c.participant_id, answers.c.item_id, answers.c.value, answers.c.declined
            ).where(answers.c.participant_id.in_(pids), answers.c.item_id.in_(items))
        ):
            key = (row.participant_id, row.item_id)
            found[key] = Missing.declined if row.declined else json.loads(row.value or "null")
    return found


def _cell(value: object) -> object:
    if value is None:
        return Missing.skipped.value
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value.value if isinstance(value, Missing) else value


def wave_files(
    engine: Engine, session_ids: Sequence[int], k: int
) -> tuple[dict[str, list[list[object]]], list[followup_matches.MatchCounts]]:
    """Rows for waves.csv and waves_match.csv, for each follow-up whose workshop is exported too."""
    chosen = [sessions.get_session(engine, sid) for sid in dict.fromkeys(session_ids)]
    by_id = {s.id: s for s in chosen}
    wave_rows: list[list[object]] = []
    match_rows: list[list[object]] = []
    counts: list[followup_matches.MatchCounts] = []
    for follow in chosen:
        origin = by_id.get(follow.follow_up_of) if follow.follow_up_of is not None else None
        if origin is None:
            continue
        match = followup_matches.match_counts(engine, follow.id)
        counts.append(match)
        match_rows.append(
            [
                origin.code,
                follow.code,
                match.workshop_participants,
                match.opted_in,
                match.followup_participants,
                match.linked,
                _rate(match.rate_of_followup),
                _rate(match.rate_of_opted_in),
            ]
        )
        if is_small(match.linked, k):
            continue  # fewer than k linked people: no rows (the counts above still show)
        items = repeated(
            sessions.get_snapshot(engine, origin.id).survey,
            sessions.get_snapshot(engine, follow.id).survey,
        )
        linked = followup_matches.pairs(engine, follow.id)
        values = _values(
            engine,
            [p for pair in linked for p in pair],
            sorted({i for row in items for i in row[1:] if i is not None}),
        )
        ids = new_ids(len(linked))
        for wave_id, (workshop_pid, follow_pid) in zip(ids, linked, strict=True):
            for construct, before, after, again in items:
                wave_rows.append(
                    [
                        wave_id,
                        origin.code,
                        follow.code,
                        construct,
                        again,
                        _cell(values.get((workshop_pid, before))),
                        _cell(values.get((workshop_pid, after)))
                        if after
                        else Missing.not_asked.value,
                        _cell(values.get((follow_pid, again))),
                    ]
                )
    return {"waves.csv": wave_rows, "waves_match.csv": match_rows}, counts


def _rate(value: float | None) -> object:
    return "" if value is None else round(value, 3)


def add_wave_files(
    files: dict[str, bytes], engine: Engine, session_ids: Sequence[int], k: int, report: Report
) -> list[followup_matches.MatchCounts]:
    """Add waves.csv, waves_match.csv and WAVES.md when the export holds a follow-up and its workshop."""
    tables, counts = wave_files(engine, session_ids, k)
    if not counts:
        return counts
    files["waves.csv"] = write_csv(header(WAVE_FIELDS), tables["waves.csv"], report)
    files["waves_match.csv"] = write_csv(header(MATCH_FIELDS), tables["waves_match.csv"], report)
    files["WAVES.md"] = describe(counts, k).encode()
    return counts


def describe(counts: Sequence[followup_matches.MatchCounts], k: int) -> str:
    """WAVES.md: what the two wave files hold and how the people in them were linked."""
    lines = [
        "# Three waves: workshop (pre, post) and follow-up",
        "",
        "Participants who chose to take a follow-up code at the end of the workshop and",
        "entered it in the follow-up are linked. Nothing else connects the two sessions:",
        "the codes are stored on the server only as keyed hashes and are in no file here.",
        "",
        "- `waves.csv`: one row per linked person and repeated item. `pre` and `post` are",
        "  the workshop's answers before and after the modules; `followup_value` is the",
        "  follow-up's answer to the same item (same id and wording). Items the workshop",
        "  asked once (before the modules) have `post` = NOT_ASKED. `wave_id` is a new",
        "  random id, unrelated to the ids in the other files, so the linked rows cannot",
        "  be joined to the rest of the export by id. SKIPPED: no answer stored.",
        f"- When fewer than k = {k} people linked, `waves.csv` has no rows; the counts stay.",
        "- `waves_match.csv`: per follow-up, the workshop's consenting participants, how",
        "  many took a code, the follow-up's consenting participants, how many linked, and",
        "  the match rate (of the follow-up, and of those who took a code).",
        "",
    ]
    for match in counts:
        rate = match.rate_of_followup
        lines.append(
            f"This export: {match.linked} of {match.followup_participants} follow-up "
            f"participant(s) linked"
            + (f" (match rate {rate:.0%})" if rate is not None else "")
            + f"; {match.opted_in} of {match.workshop_participants} took a code."
        )
    return "\n".join(lines) + "\n"
