"""The anonymization steps an export applies to a dataset, in this order.

Each step changes the dataset's records in place and notes what it did in the
report (ANONYMIZATION.md), so each can be tested on a hand-made dataset.
"""

from __future__ import annotations

from typing import Any

from analysis import kinds, words
from analysis.dataset import Dataset, Missing, knowledge
from analysis.kinds import Domain
from analysis.words import CLOUD_KINDS, Cloud
from workshop.content import Measure

from .anonymize import Generalization, k_anonymize, new_ids, scrub_text
from .columns import KNOWLEDGE_SIDES, WORDS_SEPARATOR, group_code, group_label
from .report import Report


def apply_text(dataset: Dataset, include_text: bool, report: Report) -> None:
    """Free text and words answers: left out (SUPPRESSED) unless asked for, then scrubbed."""
    for item in dataset.items:
        if item.kind not in CLOUD_KINDS:
            continue
        for record in dataset.records:
            value = record.values[item.id]
            if value is Missing.suppressed:
                report.texts_hidden += 1
            if isinstance(value, Missing):
                continue
            if not include_text:
                report.texts_left_out += 1
                record.values[item.id] = Missing.suppressed
                continue
            # A words answer is one to three short phrases: scrubbed one by one.
            parts = [str(p) for p in value] if isinstance(value, list | tuple) else [str(value)]
            cleaned = []
            for part in parts:
                clean, counts = scrub_text(part)
                report.scrubbed.add(counts)
                cleaned.append(clean)
            clean = WORDS_SEPARATOR.join(cleaned)
            if clean in set(Missing):
                clean = clean.lower()  # an answer that reads exactly like a missing code
            report.texts_included += 1
            record.values[item.id] = clean


def capture_words(dataset: Dataset) -> dict[int, dict[str, object]]:
    """The words and text answers as given, before apply_text removes them (see word_counts).

    Free text no facilitator approved counts in no cloud (as on the projector).
    """
    worded = [item for item in dataset.items if item.kind in CLOUD_KINDS]
    return {
        id(record): {
            item.id: Missing.suppressed if item.id in record.unapproved else record.values[item.id]
            for item in worded
        }
        for record in dataset.records
    }


def word_counts(
    dataset: Dataset, raw: dict[int, dict[str, object]], hidden: tuple[str, ...], report: Report
) -> dict[str, Cloud]:
    """Per words or text item: the words at least k participants gave (analysis.words).

    Counted over the records still in the dataset, from the answers as given
    (free text is not needed in the record-level files for this), less the
    words a facilitator hid from the session's cloud.
    """
    out: dict[str, Cloud] = {}
    for item in dataset.items:
        if item.kind not in CLOUD_KINDS:
            continue
        answers = [raw[id(r)][item.id] for r in dataset.records]
        given = [a for a in answers if not isinstance(a, Missing)]
        cloud = words.without(
            words.threshold(words.count_terms(item.kind, given), dataset.k), hidden
        )
        out[item.id] = cloud
        report.words_shown += len(cloud.terms)
        report.words_below_k += cloud.below_k
    return out


def apply_k_anonymity(dataset: Dataset, report: Report) -> dict[str, Generalization]:
    """Quasi-identifiers: merge adjacent answers, then suppress, until every combination has k.

    The session is part of every combination. Rows of a session with fewer than
    k participants are dropped from the whole export (also from summary.csv and
    prepost.csv, which could otherwise be compared with the other files).
    """
    qis = [item for item in dataset.items if item.question.quasi_identifier]
    report.quasi_identifiers = [item.id for item in qis]
    domains: dict[str, list[Any]] = {}
    for item in qis:
        domain = kinds.spec(item.kind).domain
        if domain is Domain.codes:
            domains[item.id] = list(item.question.option_codes)
        elif domain is Domain.values:
            observed = {
                r.values[item.id]
                for r in dataset.records
                if not isinstance(r.values[item.id], Missing)
            }
            domains[item.id] = sorted(observed)
        else:
            domains[item.id] = []  # unordered answers can only be suppressed
    rows = [
        (r.session_code, {item.id: _hashable(r.values[item.id]) for item in qis})
        for r in dataset.records
    ]

    result = k_anonymize(rows, domains, dataset.k)
    for index, record in enumerate(dataset.records):
        if index in result.dropped_rows:
            continue
        for item in qis:
            if index in result.suppressed_rows:
                record.values[item.id] = Missing.suppressed
                continue
            gen = result.generalizations[item.id]
            if not gen.merged:
                continue
            group = gen.group_of(_hashable(record.values[item.id]))
            if group is not None:
                record.values[item.id] = group_code(gen.groups[group])
    for item in qis:
        for members in result.generalizations[item.id].groups:
            if len(members) > 1:
                report.merges.append(
                    f"{item.id}: {group_label(item.question, members)} (code {group_code(members)})"
                )
    report.qi_changed = result.changed_values
    report.qi_suppressed = result.suppressed_values
    report.qi_suppressed_rows = len(result.suppressed_rows)
    if result.dropped_rows:
        small = sorted({dataset.records[i].session_code for i in result.dropped_rows})
        report.dropped_rows = len(result.dropped_rows)
        report.dropped_sessions = small
        dataset.records = [r for i, r in enumerate(dataset.records) if i not in result.dropped_rows]
        report.participants = len(dataset.records)
    return result.generalizations


def shuffle_and_number(dataset: Dataset) -> list[str]:
    """New random ids, and the records sorted by them: row order carries no arrival time."""
    ids = new_ids(len(dataset.records))
    order = sorted(range(len(ids)), key=ids.__getitem__)
    dataset.records = [dataset.records[i] for i in order]
    return [ids[i] for i in order]


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def apply_knowledge(dataset: Dataset) -> list[str]:
    """Each participant's knowledge score, stored under the keys of KNOWLEDGE_SIDES.

    A side's score is the number of its items answered with the keyed answer,
    given only when every item of that side was answered ("don't know" counts as
    an answer); otherwise the missing code of its first unanswered item. The
    change (post minus pre) needs both. Returns the keys the dataset has.
    """
    scored = knowledge(dataset)
    if scored is None:
        return []
    items = [item.question for item in dataset.items if item.question.knowledge]
    sides = {
        "knowledge_pre": [q for q in items if q.measure is Measure.pre],
        "knowledge_post": [q for q in items if q.measure is Measure.post],
        "knowledge_score": [q for q in items if q.measure is None],
    }
    keys = [key for key in KNOWLEDGE_SIDES if key != "knowledge_change" and sides[key]]
    paired = bool(sides["knowledge_pre"]) and bool(sides["knowledge_post"])
    for record, result in zip(dataset.records, scored, strict=True):
        side_scores = {
            "knowledge_pre": result.pre,
            "knowledge_post": result.post,
            "knowledge_score": result.unpaired,
        }
        for key in keys:
            values = [record.values[q.id] for q in sides[key]]
            gap = next((v for v in values if isinstance(v, Missing)), None)
            record.values[key] = side_scores[key].correct if gap is None else gap
        if paired:
            pre, post = record.values["knowledge_pre"], record.values["knowledge_post"]
            if result.change is not None:
                record.values["knowledge_change"] = result.change
            else:
                record.values["knowledge_change"] = pre if isinstance(pre, Missing) else post
    return [*keys[:2], "knowledge_change", *keys[2:]] if paired else keys
