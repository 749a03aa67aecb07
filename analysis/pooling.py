"""Several sessions side by side and pooled, with disclosure control kept within each session.

Sessions are pooled only on questions asked identically in every one of them
(same id, kind, wording, option codes and labels); a later version of a survey
that reworded an item leaves that item out, and `SharedItems.excluded` says why.
A pooled count is shown only where every session shows its own count: summing a
masked cell into a total next to the per-session figures would give it away.
Before/after figures pool only the sessions with at least k pairs, for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from analysis import forest, kinds, live, prepost, retained
from analysis.dataset import load, paired_scores
from analysis.disclosure import DECLINED, Breakdown, Cell, DisclosurePolicy, Mask, pooled_k
from analysis.live import QuestionView, SessionAggregates, ViewState
from workshop import retention, sessions
from workshop.content import Question, Survey
from workshop.i18n import _
from workshop.sessions import WorkshopSession

POOLABLE_KINDS = kinds.kinds_where(lambda kind: kind.poolable)
# Kinds whose answers are points on a scale: a mean change (the forest plot's effect) means
# something only for these; choice items are scored by option position.
SCALE_KINDS = kinds.kinds_where(lambda kind: kind.on_a_scale)


@dataclass(frozen=True)
class SessionFacts:
    """What a session was: nothing about any one participant."""

    code: str
    title: str
    date: date
    survey_id: str
    survey_title: str
    survey_version: int
    k: int
    mask_all: bool
    joined: int
    consented: int
    finished: int


@dataclass
class SessionData:
    """One session's facts, survey and live aggregates (the projector's source)."""

    session: WorkshopSession
    survey: Survey
    aggregates: SessionAggregates
    facts: SessionFacts
    # After the retention period: the views kept on the session row (analysis/retained.py)
    kept: dict[str, Any] | None = None

    def view(self, question: Question) -> QuestionView:
        """The question exactly as the live display shows it, hidden words taken off."""
        settings = self.session.settings
        policy = DisclosurePolicy.for_session(settings)
        stored = (self.kept or {}).get("questions", {}).get(question.id)
        if self.kept is not None and stored is not None:
            fresh = retained.view_from(question, stored, policy)
        else:
            fresh = live.question_view(question, self.aggregates, policy, seed=0)
        published = live.Published(fresh, fresh.responded, fresh.participants)
        return live.without_hidden_words(published, settings.hidden_words).view


def read_session(engine: Engine, session_id: int) -> SessionData:
    session = sessions.get_session(engine, session_id)
    survey = sessions.get_snapshot(engine, session_id).survey
    data = live.collect(engine, session_id, survey)
    people = data.participants
    kept = retention.kept_aggregates(engine, session_id) if session.purged else None
    if kept is not None:  # the raw rows are gone: the counts kept at the purge
        people = replace(
            people,
            joined=int(kept["participants"]["joined"]),
            consented=int(kept["participants"]["consented"]),
            finished=int(kept["participants"]["finished"]),
        )
    facts = SessionFacts(
        code=session.code,
        title=session.title,
        date=session.created_at.date(),
        survey_id=survey.id,
        survey_title=survey.title,
        survey_version=survey.version,
        k=session.settings.k,
        mask_all=session.settings.mask_all,
        joined=people.joined,
        consented=people.consented,
        finished=people.finished,
    )
    return SessionData(session, survey, data, facts, kept)


def sessions_table(chosen: Sequence[SessionData]) -> pd.DataFrame:
    """The per-session table: one row per session, counts of people only."""
    rows = [
        {
            "Session": s.facts.code,
            "Date": s.facts.date.isoformat(),
            "Survey": f"{s.facts.survey_id} v{s.facts.survey_version}",
            "k": s.facts.k,
            "Joined": s.facts.joined,
            "Consented": s.facts.consented,
            "Finished": s.facts.finished,
        }
        for s in chosen
    ]
    return pd.DataFrame(
        rows, columns=["Session", "Date", "Survey", "k", "Joined", "Consented", "Finished"]
    )


def _wording(question: Question) -> tuple[object, ...]:
    return (
        question.text,
        question.scale_signature(),
        tuple((o.code, o.label) for o in question.options),
    )


@dataclass(frozen=True)
class SharedItems:
    questions: tuple[Question, ...]  # in the first session's order
    excluded: dict[str, str] = field(default_factory=dict)  # item id -> why it is not pooled


def shared_items(surveys: Sequence[Survey]) -> SharedItems:
    """The questions every survey asks with the same codes and wording."""
    if not surveys:
        return SharedItems(())
    first = surveys[0]
    excluded: dict[str, str] = {}
    shared: list[Question] = []
    for question in first.questions:
        others = [s.question(question.id) for s in surveys[1:]]
        if any(o is None for o in others):
            excluded[question.id] = _("not asked in every session")
        elif any(_wording(o) != _wording(question) for o in others if o is not None):
            excluded[question.id] = _("wording or answer options changed between survey versions")
        else:
            shared.append(question)
    known = {q.id for q in first.questions}
    for survey in surveys[1:]:
        for question in survey.questions:
            if question.id not in known:
                excluded.setdefault(question.id, _("not asked in every session"))
    return SharedItems(tuple(shared), excluded)


def pooled_view(question: Question, views: Sequence[QuestionView]) -> QuestionView:
    """The sessions' views of one choice or likert question added up, cell by cell.

    Only sessions whose own chart is shown take part; a cell any of them masks
    is masked in the sum as well.
    """
    ready = [v for v in views if v.ready and v.breakdown is not None and not v.breakdown.withheld]
    k = pooled_k(v.k for v in views)
    responded = sum(v.responded for v in ready)
    participants = sum(v.participants for v in views)
    if not ready:
        return QuestionView(question, k, responded, None, participants, ViewState.waiting)
    keys = [c.key for c in ready[0].breakdown.cells]  # type: ignore[union-attr]
    cells = []
    for key in keys:
        found = [
            next((c for c in v.breakdown.cells if c.key == key), None)  # type: ignore[union-attr]
            for v in ready
        ]
        if all(c is not None and c.is_shown for c in found):
            cells.append(Cell(key, sum(c.count or 0 for c in found if c is not None)))
        else:
            cells.append(Cell(key, None, Mask.small))
    breakdown = Breakdown(total=responded, cells=tuple(cells))
    declined = breakdown.shown_counts().get(DECLINED)
    return QuestionView(
        question, k, responded, declined, participants, ViewState.ready, breakdown=breakdown
    )


def _differences(pre: Sequence[float | None], post: Sequence[float | None]) -> list[float]:
    return [b - a for a, b in zip(pre, post, strict=True) if a is not None and b is not None]


@dataclass(frozen=True)
class PrePost:
    """Before/after for several sessions: per session, pooled, and the forest-plot rows."""

    per_session: pd.DataFrame  # prepost.table rows plus a "session" column
    pooled: pd.DataFrame  # prepost.table rows over sessions with at least k pairs
    forest: pd.DataFrame  # forest.table rows of every construct


def prepost_pooled(
    engine: Engine, chosen: Sequence[SessionData], shared: SharedItems, *, k: int | None = None
) -> PrePost:
    """Per-session and pooled before/after on the shared items; `k` can only raise a session's."""
    shared_ids = {q.id for q in shared.questions}
    on_a_scale = {q.id for q in shared.questions if q.kind in SCALE_KINDS}
    per_session: list[pd.DataFrame] = []
    # construct -> session -> (pre, post), one value (or None) per participant
    pairs_by: dict[str, dict[str, tuple[list[float | None], list[float | None]]]] = {}
    constructs: dict[str, tuple[str, str]] = {}
    ks = {s.facts.code: pooled_k([s.facts.k], k) for s in chosen}
    together = pooled_k(ks.values(), k)
    for s in chosen:
        dataset = load(engine, [s.session.id], ks[s.facts.code])
        found, values = paired_scores(dataset)
        found = {c: p for c, p in found.items() if p[0] in shared_ids and p[1] in shared_ids}
        result = prepost.analyze(found, values, k=ks[s.facts.code])
        result.insert(0, "session", s.facts.code)
        per_session.append(result)
        for construct, (pre, post) in found.items():
            constructs.setdefault(construct, (pre, post))
            pairs_by.setdefault(construct, {})[s.facts.code] = (values[pre], values[post])
    pooled_rows = []
    forest_rows = []
    for construct, (pre_item, post_item) in constructs.items():
        by_session = pairs_by[construct]
        effects = [
            forest.session_effect(
                construct,
                s.facts.code,
                _differences(*by_session.get(s.facts.code, ([], []))),
                k=ks[s.facts.code],
            )
            for s in chosen
        ]
        if pre_item in on_a_scale:
            forest_rows.append(forest.table(effects, forest.pool(effects)))
        kept = [e.session for e in effects if e.pairs is not None]  # at least k pairs
        before = [v for code in kept for v in by_session[code][0]]
        after = [v for code in kept for v in by_session[code][1]]
        pooled_rows.append(
            prepost.compare(construct, pre_item, post_item, before, after, k=together)
        )
    return PrePost(
        per_session=pd.concat(per_session, ignore_index=True) if per_session else prepost.table([]),
        pooled=prepost.table(pooled_rows),
        forest=pd.concat(forest_rows, ignore_index=True) if forest_rows else forest.table([], None),
    )
