"""Make an export: load, anonymize, tabulate, describe. Returns file name -> bytes."""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from analysis import anonymize, codebook, prepost
from workshop import sessions
from workshop.content import Measure, QuestionKind

from .columns import Column, format_cell, group_code, group_label, item_columns, meta_columns
from .data import ExportError, load
from .model import Dataset, Missing
from .report import Report, render
from .spss import to_sav
from .summary import SUMMARY_FIELDS, build_summary, summary_rows

FORMATS = ("csv", "sav")
ORDERED_QI_KINDS = (QuestionKind.likert, QuestionKind.single)
NUMERIC_KINDS = (QuestionKind.number, QuestionKind.slider)


@dataclass(frozen=True)
class ExportOptions:
    include_text: bool = False
    k: int | None = None  # can only raise the sessions' own k
    format: str = "csv"


@dataclass
class Export:
    files: dict[str, bytes]
    report: Report
    k: int
    participants: int
    prepost: list[prepost.PrePostResult] = field(default_factory=list)


def effective_k(engine: Engine, session_ids: Sequence[int], requested: int | None) -> int:
    """The largest of the sessions' k, the requested k and the minimum of 3."""
    ks = [sessions.get_session(engine, sid).settings.k for sid in session_ids]
    return max([sessions.MIN_K, *ks, requested or 0])


def _apply_text(dataset: Dataset, include_text: bool, report: Report) -> None:
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
            clean, counts = anonymize.scrub_text(str(value))
            if clean in set(Missing):
                clean = clean.lower()  # an answer that reads exactly like a missing code
            report.scrubbed.add(counts)
            report.texts_included += 1
            record.values[item.id] = clean


def _apply_k_anonymity(dataset: Dataset, report: Report) -> dict[str, anonymize.Generalization]:
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

    result = anonymize.k_anonymize(rows, domains, dataset.k)
    for index, record in enumerate(dataset.records):
        for item in qis:
            if index in result.suppressed_rows:
                record.values[item.id] = Missing.suppressed
                continue
            gen = result.generalizations[item.id]
            if not gen.merged:
                continue
            found = gen.group_of(_hashable(record.values[item.id]))
            if found is not None:
                record.values[item.id] = group_code(gen.groups[found])
    for item in qis:
        for group in result.generalizations[item.id].groups:
            if len(group) > 1:
                report.merges.append(
                    f"{item.id}: {group_label(item.question, group)} (code {group_code(group)})"
                )
    report.qi_changed = result.changed_values
    report.qi_suppressed = result.suppressed_values
    report.qi_suppressed_rows = len(result.suppressed_rows)
    return result.generalizations


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _constructs(dataset: Dataset) -> dict[str, tuple[str, str]]:
    found: dict[str, dict[Measure, str]] = {}
    for item in dataset.items:
        q = item.question
        if q.measure is not None and q.construct_id:
            found.setdefault(q.construct_id, {})[q.measure] = q.id
    return {
        c: (pair[Measure.pre], pair[Measure.post])
        for c, pair in found.items()
        if Measure.pre in pair and Measure.post in pair
    }


def _numeric(dataset: Dataset, item_id: str) -> list[float | None]:
    question = dataset.item(item_id).question
    codes = list(question.option_codes)
    out: list[float | None] = []
    for record in dataset.records:
        value: Any = record.values[item_id]  # a code, a number, codes, or why there is none
        if isinstance(value, Missing | tuple | list):
            out.append(None)
        elif isinstance(value, str):
            # Integer codes are their own score; other codes score by position.
            if value.isdigit():
                out.append(float(value))
            elif value in codes:
                out.append(float(codes.index(value) + 1))
            else:
                out.append(None)  # a merged group has no single score
        else:
            out.append(float(value))
    return out


def prepost_results(dataset: Dataset) -> list[prepost.PrePostResult]:
    constructs = _constructs(dataset)
    values = {item: _numeric(dataset, item) for pair in constructs.values() for item in pair}
    return prepost.analyze(constructs, values, k=dataset.k)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]], report: Report) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = []
        for value in row:
            text, changed = anonymize.neutralize(format_cell(value) if value is not None else "")
            report.neutralized += changed
            cells.append(text)
        writer.writerow(cells)
    # A byte order mark tells Excel the file is UTF-8; pandas and frictionless read it too.
    return buffer.getvalue().encode("utf-8-sig")


def _prepost_fields() -> list[codebook.SimpleField]:
    S = codebook.SimpleField
    return [
        S("construct", "string", "Construct", "Id shared by the pre and the post item."),
        S("pre_item", "string", "Item asked before", "Column in responses_wide.csv."),
        S("post_item", "string", "Item asked after", "Column in responses_wide.csv."),
        S("pairs", "integer", "Pairs", "Participants who answered both items."),
        S(
            "unmatched_rate",
            "number",
            "Unmatched rate",
            "Share of participants who answered only one of the two (0 to 1).",
        ),
        S("mean_change", "number", "Mean change", "Mean of post minus pre."),
        S("median_change", "number", "Median change", "Median of post minus pre."),
        S(
            "wilcoxon_statistic",
            "number",
            "Wilcoxon W",
            "Wilcoxon signed-rank statistic (scipy; zero differences dropped).",
        ),
        S("p_value", "number", "p value", "Two-sided p value of the Wilcoxon test."),
        S(
            "rank_biserial",
            "number",
            "Rank-biserial r",
            "Matched-pairs rank-biserial correlation, -1 to 1; positive means higher after.",
        ),
        S(
            "ci_low",
            "number",
            "95% CI low",
            f"Percentile bootstrap, {prepost.BOOTSTRAP_RESAMPLES} resamples, fixed seed.",
        ),
        S("ci_high", "number", "95% CI high", "Upper end of the same interval."),
        S("suppressed", "boolean", "Suppressed", "true when there were fewer than k pairs."),
    ]


def _summary_fields() -> list[codebook.SimpleField]:
    S = codebook.SimpleField
    return [
        S("item", "string", "Item", "Item id (column in responses_wide.csv)."),
        S(
            "category",
            "string",
            "Category",
            "Option code, 'answered', 'all', or a missing-value reason.",
        ),
        S("label", "string", "Label", "What the category means."),
        S(
            "statistic",
            "string",
            "Statistic",
            "count, percent (of those who answered), mean, median, sd or mean_rank.",
        ),
        S(
            "value",
            "number",
            "Value",
            "Counts from 1 to k-1 and any count that would reveal one are SUPPRESSED.",
        ),
    ]


def _long_fields(session_codes: list[str]) -> list[dict[str, object]]:
    return [
        {
            "name": "participant",
            "type": "string",
            "title": "Participant",
            "description": "Same random id as in responses_wide.csv.",
        },
        {
            "name": "session",
            "type": "string",
            "title": "Session join code",
            "constraints": {"enum": session_codes},
        },
        {"name": "item", "type": "string", "title": "Item id"},
        {
            "name": "option",
            "type": "string",
            "title": "Option code",
            "description": "For multiple choice (value 0/1) and ranking (value = rank); else empty.",
        },
        {
            "name": "value",
            "type": "string",
            "title": "Value",
            "description": "The code, number or text; see responses_wide.csv for each item's type.",
        },
    ]


def make_export(
    engine: Engine, session_ids: Sequence[int], options: ExportOptions | None = None
) -> Export:
    options = options or ExportOptions()
    if options.format not in FORMATS:
        raise ExportError(f"Unknown format '{options.format}'. Use one of: {', '.join(FORMATS)}.")
    if not session_ids:
        raise ExportError("Choose at least one session to export.")
    k = effective_k(engine, session_ids, options.k)
    dataset = load(engine, session_ids, k)
    report = Report(
        sessions=dataset.session_codes,
        k=k,
        requested_k=options.k,
        participants=len(dataset.records),
        include_text=options.include_text,
    )
    _apply_text(dataset, options.include_text, report)
    generalizations = _apply_k_anonymity(dataset, report)
    results = prepost_results(dataset)
    report.prepost_suppressed = sum(1 for r in results if r.suppressed)
    report.prepost_total = len(results)

    random.SystemRandom().shuffle(dataset.records)
    ids = anonymize.new_ids(len(dataset.records))
    columns: list[Column] = meta_columns(dataset.session_codes)
    for item in dataset.items:
        columns += item_columns(item, generalizations.get(item.id), options.include_text)
    wide_rows: list[list[object]] = []
    long_rows: list[list[object]] = []
    for pid, record in zip(ids, dataset.records, strict=True):
        row: list[object] = [pid] + [c.cell(record) for c in columns[1:]]
        wide_rows.append(row)
        for column, value in zip(columns, row, strict=True):
            if column.item_id:
                long_rows.append(
                    [pid, record.session_code, column.item_id, column.option or "", value]
                )

    summary = build_summary(dataset, columns)
    report.summary_primary = summary.primary
    report.summary_secondary = summary.secondary

    files: dict[str, bytes] = {}
    files["responses_wide.csv"] = _csv([c.name for c in columns], wide_rows, report)
    files["responses_long.csv"] = _csv(
        ["participant", "session", "item", "option", "value"], long_rows, report
    )
    files["summary.csv"] = _csv(SUMMARY_FIELDS, summary_rows(summary), report)
    files["prepost.csv"] = _csv(
        prepost.PREPOST_FIELDS,
        [[Missing.suppressed if v is None else v for v in r.as_dict().values()] for r in results],
        report,
    )
    if options.format == "sav":
        files["responses.sav"] = to_sav(columns, wide_rows)
    created = datetime.now(UTC).date()
    package = codebook.package(
        sessions=dataset.session_codes,
        k=k,
        created=created,
        include_text=options.include_text,
        resources=[
            codebook.resource(
                "responses_wide",
                "responses_wide.csv",
                "Responses, one row per participant",
                "One column per item; multiple choice as one 0/1 column per option "
                "(item__option); ranking as one rank column per option.",
                [codebook.field_descriptor(c) for c in columns],
            ),
            codebook.resource(
                "responses_long",
                "responses_long.csv",
                "Responses, one row per value",
                "The same values as responses_wide.csv, one row per participant and column.",
                _long_fields(dataset.session_codes),
            ),
            codebook.resource(
                "summary",
                "summary.csv",
                "Counts and percentages per item and option",
                f"Small-cell suppression with k = {k}.",
                codebook.simple_fields(_summary_fields()),
            ),
            codebook.resource(
                "prepost",
                "prepost.csv",
                "Pre/post change per construct",
                f"Paired comparison; withheld when fewer than k = {k} pairs.",
                codebook.simple_fields(_prepost_fields()),
            ),
        ],
    )
    files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
    files["ANONYMIZATION.md"] = render(report, created).encode()
    return Export(files=files, report=report, k=k, participants=len(wide_rows), prepost=results)


def write_export(
    engine: Engine, session_ids: Sequence[int], out_dir: Path, options: ExportOptions | None = None
) -> Export:
    """Write the export's files into out_dir (created if needed)."""
    export = make_export(engine, session_ids, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in export.files.items():
        (out_dir / name).write_bytes(content)
    # An older export's SPSS file left beside new CSVs would not match them.
    stale = out_dir / "responses.sav"
    if "responses.sav" not in export.files and stale.exists():
        stale.unlink()
    return export


def zip_bytes(export: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export.files.items():
            archive.writestr(f"workshop-export/{name}", content)
    return buffer.getvalue()


def build_zip(
    engine: Engine, session_ids: Sequence[int], options: ExportOptions | None = None
) -> tuple[bytes, Export]:
    """The whole export as one zip file (for the researcher page's download)."""
    export = make_export(engine, session_ids, options)
    return zip_bytes(export), export
