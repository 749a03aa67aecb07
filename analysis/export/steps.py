"""The anonymization steps an export applies to a dataset, in this order.

Each step changes the dataset's records in place and notes what it did in the
report (ANONYMIZATION.md), so each can be tested on a hand-made dataset.
"""

from __future__ import annotations

import random
from typing import Any

from analysis.dataset import Dataset, Missing
from workshop.content import NUMERIC_KINDS, QuestionKind

from .anonymize import Generalization, k_anonymize, new_ids, scrub_text
from .columns import group_code, group_label
from .report import Report

ORDERED_QI_KINDS = (QuestionKind.likert, QuestionKind.single)


def apply_text(dataset: Dataset, include_text: bool, report: Report) -> None:
    """Free text: left out (SUPPRESSED) unless asked for, then scrubbed of contact details."""
    for item in dataset.items:
        if item.kind is not QuestionKind.text:
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
            clean, counts = scrub_text(str(value))
            if clean in set(Missing):
                clean = clean.lower()  # an answer that reads exactly like a missing code
            report.scrubbed.add(counts)
            report.texts_included += 1
            record.values[item.id] = clean


def apply_k_anonymity(dataset: Dataset, report: Report) -> dict[str, Generalization]:
    """Quasi-identifiers: merge adjacent answers, then suppress, until every combination has k."""
    qis = [item for item in dataset.items if item.question.quasi_identifier]
    report.quasi_identifiers = [item.id for item in qis]
    if not qis:
        return {}
    domains: dict[str, list[Any]] = {}
    for item in qis:
        if item.kind in ORDERED_QI_KINDS:
            domains[item.id] = list(item.question.option_codes)
        elif item.kind in NUMERIC_KINDS:
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
    return result.generalizations


def shuffle_and_number(dataset: Dataset) -> list[str]:
    """Shuffle the records (row order must not reveal who joined when); new random ids."""
    random.SystemRandom().shuffle(dataset.records)
    return new_ids(len(dataset.records))


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value
