"""Make an export: load, anonymize, tabulate, describe. An Export holds file name -> bytes."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from analysis import prepost
from analysis.dataset import Dataset, ExportError, Missing, effective_k, load
from workshop import i18n, sessions
from workshop.followup_matches import MatchCounts
from workshop.retention import refuse_purged

from .codebook import export_package, optional_resources
from .columns import Column, item_columns, knowledge_columns, meta_columns
from .item_table import FILE as ITEM_STATS_FILE
from .item_table import add_item_stats
from .pooled import pooled_files
from .questions import FILE as QUESTIONS_FILE
from .questions import questions_part
from .report import Report, render
from .spss import to_sav
from .stata import to_dta
from .steps import (
    apply_k_anonymity,
    apply_knowledge,
    apply_text,
    capture_words,
    shuffle_and_number,
    word_counts,
)
from .summary import build_summary, summary_rows
from .tables import PREPOST_FIELDS, SUMMARY_FIELDS, header, long_fields, write_csv
from .waves import add_wave_files

FORMATS = ("csv", "sav", "dta")


@dataclass(frozen=True)
class ExportOptions:
    include_text: bool = False
    include_questions: bool = False  # the question box (analysis/export/questions.py)
    k: int | None = None  # can only raise the sessions' own k
    format: str = "csv"
    # The language of question texts and option labels in the codebook and the SPSS/Stata
    # value labels: one every session's survey declares. None: the surveys' own.
    language: str | None = None


@dataclass
class Export:
    files: dict[str, bytes]
    report: Report
    k: int
    participants: int
    prepost: pd.DataFrame = field(default_factory=lambda: prepost.table([]))
    waves: list[MatchCounts] = field(default_factory=list)  # one per follow-up linked by code


def _responses(
    dataset: Dataset, columns: list[Column], ids: list[str]
) -> tuple[list[list[object]], list[list[object]]]:
    """The wide rows (one per participant) and the long rows (one per item column)."""
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
    return wide_rows, long_rows


def make_export(
    engine: Engine, session_ids: Sequence[int], options: ExportOptions | None = None
) -> Export:
    options = options or ExportOptions()
    if options.format not in FORMATS:
        raise ExportError(f"Unknown format '{options.format}'. Use one of: {', '.join(FORMATS)}.")
    if not session_ids:
        raise ExportError("Choose at least one session to export.")
    refuse_purged(engine, list(session_ids))  # raw answers past retention: point to the report
    k = effective_k(engine, session_ids, options.k)
    dataset = load(engine, session_ids, k, language=options.language)
    hidden_words = tuple(
        word
        for sid in dict.fromkeys(session_ids)
        for word in sessions.get_session(engine, sid).settings.hidden_words
    )
    return export_dataset(
        dataset, options, hidden_words=hidden_words, engine=engine, session_ids=session_ids
    )


def export_dataset(
    dataset: Dataset,
    options: ExportOptions,
    *,
    hidden_words: tuple[str, ...] = (),
    engine: Engine | None = None,
    session_ids: Sequence[int] = (),
) -> Export:
    """Anonymize a loaded dataset (changed in place) and write every file of the export.

    With the engine and session ids, the files that read more than the dataset
    (pooled sessions, follow-up waves, the question box) are written too.
    """
    # The codebook and value labels in the chosen language (else English), whoever exports.
    with i18n.using(options.language or i18n.SOURCE):
        k = dataset.k
        report = Report(
            sessions=dataset.session_codes,
            k=k,
            requested_k=options.k,
            participants=len(dataset.records),
            include_text=options.include_text,
        )
        raw_words = capture_words(dataset)
        apply_text(dataset, options.include_text, report)
        generalizations = apply_k_anonymity(dataset, report)
        clouds = word_counts(dataset, raw_words, hidden_words, report)
        knowledge_keys = apply_knowledge(dataset)
        report.knowledge_columns = knowledge_keys
        results = prepost.from_dataset(dataset)  # after anonymization: as the CSVs have it
        report.prepost_suppressed = int(results["suppressed"].sum())
        report.prepost_total = len(results)

        ids = shuffle_and_number(dataset)
        columns: list[Column] = meta_columns(dataset.session_codes)
        for item in dataset.items:
            columns += item_columns(item, generalizations.get(item.id), options.include_text)
        columns += knowledge_columns(knowledge_keys, dataset.items)
        wide_rows, long_rows = _responses(dataset, columns, ids)

        summary = build_summary(dataset, columns, clouds)
        report.summary_primary = summary.primary
        report.summary_secondary = summary.secondary
        report.summary_unprotected = summary.unprotected

        prepost_rows = [
            [Missing.suppressed if v is None else v for v in row]
            for row in results[header(PREPOST_FIELDS)].itertuples(index=False)
        ]
        files: dict[str, bytes] = {}
        files["responses_wide.csv"] = write_csv([c.name for c in columns], wide_rows, report)
        files["responses_long.csv"] = write_csv(
            header(long_fields(dataset.session_codes)), long_rows, report
        )
        files["summary.csv"] = write_csv(header(SUMMARY_FIELDS), summary_rows(summary), report)
        files["prepost.csv"] = write_csv(header(PREPOST_FIELDS), prepost_rows, report)
        add_item_stats(files, dataset, summary, report)  # knowledge items and likert scales only
        if options.format == "sav":
            files["responses.sav"] = to_sav(columns, wide_rows)
        if options.format == "dta":
            files["responses.dta"] = to_dta(columns, wide_rows)
        waves: list[MatchCounts] = []
        questions = None
        if engine is not None:
            if len(dataset.session_codes) > 1:
                files.update(pooled_files(engine, session_ids, k, report))
            waves = add_wave_files(files, engine, session_ids, k, report)  # follow-up by code
            if options.include_questions:
                questions = questions_part(engine, session_ids, report)
        if questions is not None:
            files[QUESTIONS_FILE] = questions.csv
        created = datetime.now(UTC).date()
        package = export_package(
            columns=columns,
            sessions=dataset.session_codes,
            k=k,
            created=created,
            include_text=options.include_text,
        )
        account = render(report, created)
        resources = package["resources"]
        assert isinstance(resources, list)  # codebook.package always lists them
        resources += optional_resources(files, k)
        if questions is not None:
            resources.append(questions.descriptor())
            account += questions.account()
        files["datapackage.json"] = (
            json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        ).encode()
        files["ANONYMIZATION.md"] = account.encode()
        return Export(
            files=files,
            report=report,
            k=k,
            participants=len(wide_rows),
            prepost=results,
            waves=waves,
        )


def write_export(
    engine: Engine, session_ids: Sequence[int], out_dir: Path, options: ExportOptions | None = None
) -> Export:
    """Write the export's files into out_dir (created if needed)."""
    export = make_export(engine, session_ids, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in export.files.items():
        (out_dir / name).write_bytes(content)
    # An older export's optional file left beside new CSVs would not match them.
    optional = (
        "sessions.csv",
        "forest.csv",
        "waves.csv",
        "waves_match.csv",
        "WAVES.md",
        ITEM_STATS_FILE,
    )
    for name in ("responses.sav", "responses.dta", QUESTIONS_FILE, *optional):
        stale = out_dir / name
        if name not in export.files and stale.exists():
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
