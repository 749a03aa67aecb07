"""Stata export, the pooled export's sessions.csv and forest.csv, and `workshop report`."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from analysis.export import ExportOptions, make_export, write_export
from analysis.forest import POOLED
from tests.support.cli import Cli
from tests.support.datapackage import assert_every_csv_described_and_valid
from workshop import demo
from workshop.loading import ContentLibrary


def test_stata_file_reads_back_with_labels_and_missing_codes(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    filled = demo.fill(engine, library.snapshot("first-look"), participants=24)
    export = write_export(engine, [filled.session.id], tmp_path, ExportOptions(format="dta"))
    assert "responses.dta" in export.files and "responses.sav" not in export.files
    frame, meta = pyreadstat.read_dta(str(tmp_path / "responses.dta"))
    assert len(frame) == 24
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["importance_pre"].startswith("How important is it")
    assert meta.variable_value_labels["importance_pre"][5] == "Extremely important"
    assert meta.variable_value_labels["low_mood_ever"][1] == "Yes [yes]"
    assert frame["importance_pre"].dropna().between(1, 5).all()
    # Extended missing values come back as missing, and as their letter when asked for.
    raw, raw_meta = pyreadstat.read_dta(str(tmp_path / "responses.dta"), user_missing=True)
    wide = pd.read_csv(io.BytesIO(export.files["responses_wide.csv"]), keep_default_na=False)
    declined = (wide["importance_pre"] == "DECLINED").sum()
    assert declined > 0 and (raw["importance_pre"] == "a").sum() == declined
    assert set(raw_meta.missing_user_values["importance_pre"]) <= set("abcde")
    assert all(len(name) <= 32 for name in meta.column_names)


@pytest.mark.slow
def test_a_pooled_export_has_a_per_session_table_and_forest_rows(
    engine: Engine, library: ContentLibrary
) -> None:
    ids = [
        demo.fill(engine, library.snapshot("first-look"), participants=24, seed=s).session.id
        for s in (1, 2, 3)
    ]
    export = make_export(engine, ids)
    sessions = pd.read_csv(io.BytesIO(export.files["sessions.csv"]))
    assert list(sessions["joined"]) == [24, 24, 24] and (sessions["k"] == 5).all()
    forest = pd.read_csv(io.BytesIO(export.files["forest.csv"]))
    pooled = forest[forest["session"] == POOLED]
    assert len(pooled) == forest["construct"].nunique() >= 1
    for _, row in pooled.iterrows():
        assert row["ci_low"] <= row["mean_change"] <= row["ci_high"]
    one = make_export(engine, ids[:1])
    assert "forest.csv" not in one.files and "sessions.csv" not in one.files


@pytest.mark.slow
def test_the_pooled_files_are_in_the_codebook_and_validate(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    ids = [
        demo.fill(engine, library.snapshot("first-look"), participants=12, seed=s).session.id
        for s in (1, 2)
    ]
    write_export(engine, ids, tmp_path)
    assert_every_csv_described_and_valid(tmp_path)
    write_export(engine, ids[:1], tmp_path)  # one session into the same folder
    assert not (tmp_path / "forest.csv").exists()  # no stale file beside the new ones
    assert_every_csv_described_and_valid(tmp_path)


@pytest.mark.slow
def test_demo_three_times_then_reports_one_and_pooled(cli: Cli, tmp_path: Path) -> None:
    codes = []
    for seed in ("1", "2", "3"):
        made = cli("demo", "--survey", "first-look", "--seed", seed)
        assert made.returncode == 0, made.stderr
        codes.append(re.search(r"Join code: (\w+)", made.stdout).group(1))  # type: ignore[union-attr]
    one = cli("report", "--session", codes[0], "--out", str(tmp_path / "one.html"))
    assert one.returncode == 0, one.stderr
    assert "<svg" in (tmp_path / "one.html").read_text()
    args = [part for code in codes for part in ("--session", code)]
    pdf = tmp_path / "pooled.pdf"
    pdf_args = ["--pdf", str(pdf)] if shutil.which("chromium") else []
    pooled = cli("report", *args, "--out", str(tmp_path / "pooled.html"), *pdf_args)
    assert pooled.returncode == 0, pooled.stderr
    assert "3 sessions pooled" in pooled.stdout
    page = (tmp_path / "pooled.html").read_text()
    assert "Forest plot" in page and POOLED in page
    if pdf_args:
        assert pdf.read_bytes().startswith(b"%PDF")


def test_report_of_an_unknown_session_says_so(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "--session", "NOPE99", "--out", str(tmp_path / "r.html"))
    assert result.returncode != 0
    assert "NOPE99" in result.stderr and not (tmp_path / "r.html").exists()
