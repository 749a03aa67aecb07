"""The research export end to end: files, codebook, anonymization, missing codes."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package
from sqlalchemy import Engine

from analysis.export import (
    Export,
    ExportError,
    ExportOptions,
    Missing,
    build_zip,
    make_export,
    write_export,
)
from analysis.export.anonymize import is_safe_cell
from workshop import demo, participants, sessions
from workshop.answers import save_answer
from workshop.content import SurveySnapshot
from workshop.loading import ContentLibrary

MISSING_CODES = [m.value for m in Missing]


def _session(engine: Engine, snapshot: SurveySnapshot, k: int = 3) -> sessions.WorkshopSession:
    return sessions.create_session(
        engine, snapshot, settings=sessions.SessionSettings(k=k), open_now=True
    )


def _person(
    engine: Engine,
    session: sessions.WorkshopSession,
    answers: dict[str, object],
    *,
    declined: tuple[str, ...] = (),
    step: int | None = None,
    finished: bool = True,
) -> str:
    _, participant = participants.join(engine, session.code)
    participants.record_consent(engine, participant.id)
    for item, value in answers.items():
        save_answer(engine, participant.id, item, value)
    for item in declined:
        save_answer(engine, participant.id, item, declined=True)
    snapshot = sessions.get_snapshot(engine, session.id)
    last = len(snapshot.survey.steps) - 1
    participants.set_progress(
        engine, participant.id, last if step is None else step, finished=finished
    )
    return participant.id


FULL = {
    "importance_pre": "3",
    "practices": ["touch", "talk"],
    "minutes_affection": 20,
    "comfort_talking": 6,
    "low_mood_ever": "no",
    "practice_ranking": ["talk", "touch", "quiet", "comfort"],
    "one_word": "Staying close.",
    "importance_post": "4",
    "age_band": "25_34",
}


def _wide(export: Export) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(export.files["responses_wide.csv"]),
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
def test_demo_export_is_a_valid_data_package(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    filled = demo.fill(engine, library.snapshot("first-look"), participants=30)
    export = write_export(
        engine, [filled.session.id], tmp_path / "out", ExportOptions(format="sav")
    )
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {
        "responses_wide.csv",
        "responses_long.csv",
        "datapackage.json",
        "summary.csv",
        "prepost.csv",
        "ANONYMIZATION.md",
        "responses.sav",
    }
    report = Package(str(tmp_path / "out" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert export.participants == 30
    write_export(engine, [filled.session.id], tmp_path / "out")  # again, CSV only
    assert not (tmp_path / "out" / "responses.sav").exists()


@pytest.mark.slow
def test_codebook_describes_fields_codes_units_flags_and_missing(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    filled = demo.fill(engine, library.snapshot("first-look"), participants=12)
    write_export(engine, [filled.session.id], tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    wide = next(r for r in package["resources"] if r["name"] == "responses_wide")
    fields = {f["name"]: f for f in wide["schema"]["fields"]}
    missing = {m["value"]: m["label"] for m in wide["schema"]["missingValues"]}
    assert set(missing) == set(MISSING_CODES)
    assert "prefer not to answer" in missing["DECLINED"].lower()
    assert "not reached" in missing["NOT_REACHED"].lower()
    assert "withdrawn" in missing["SUPPRESSED"].lower()

    pre = fields["importance_pre"]
    assert pre["type"] == "integer"
    assert pre["title"].startswith("How important is it")
    assert pre["constraints"]["enum"] == [1, 2, 3, 4, 5]
    assert {"value": 5, "label": "Extremely important"} in pre["categories"]
    assert pre["flags"] == {
        "kind": "likert",
        "sensitive": False,
        "quasi_identifier": False,
        "measure": "pre",
        "construct": "importance",
    }
    assert fields["minutes_affection"]["unit"] == "minutes"
    assert fields["minutes_affection"]["constraints"] == {"minimum": 0, "maximum": 240}
    assert fields["practices__touch"]["constraints"]["enum"] == [0, 1]
    assert fields["practice_ranking__quiet"]["constraints"] == {"minimum": 1, "maximum": 4}
    assert fields["low_mood_ever"]["flags"]["sensitive"] is True
    assert fields["age_band"]["flags"]["quasi_identifier"] is True
    assert fields["session_date"]["type"] == "date"
    assert "one_word" not in fields  # free text is left out by default
    assert len(package["created"]) == len("2026-11-27T00:00:00Z")  # the day, not the time
    assert package["created"].endswith("T00:00:00Z")


@pytest.mark.slow
def test_reads_back_into_pandas_with_documented_types(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    filled = demo.fill(engine, library.snapshot("first-look"), participants=20)
    write_export(engine, [filled.session.id], tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    fields = package["resources"][0]["schema"]["fields"]
    # The way docs/researchers/exports.md tells researchers to read the file.
    frame = pd.read_csv(
        tmp_path / "responses_wide.csv",
        na_values=MISSING_CODES,
        keep_default_na=False,
        parse_dates=["session_date"],
    )
    assert len(frame) == 20
    for field in fields:
        column = frame[field["name"]]
        if field["type"] in ("integer", "number"):
            assert pd.api.types.is_numeric_dtype(column), field["name"]
            present = column.dropna()
            if field["type"] == "integer":
                assert (present == present.round()).all(), field["name"]
            if "enum" in field.get("constraints", {}):
                assert set(present.astype(int)) <= set(field["constraints"]["enum"])
        elif field["type"] == "boolean":
            assert column.dtype == bool
        elif field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(column)
    # Frictionless reads the same types, turning missing codes into None.
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("responses_wide").read_rows()
    assert all(isinstance(r["finished"], bool) for r in rows)
    assert {type(r["importance_pre"]) for r in rows} <= {int, type(None)}


def test_missing_values_say_why(engine: Engine, library: ContentLibrary) -> None:
    session = _session(engine, library.snapshot("first-look"))
    survey = library.snapshot("first-look").survey
    _person(engine, session, FULL)
    _person(engine, session, {**FULL, "importance_pre": "2"}, declined=("minutes_affection",))
    # Stopped on the step of minutes_affection: later items were never reached.
    _person(
        engine,
        session,
        {"importance_pre": "4", "practices": ["quiet"]},
        step=survey.step_of("minutes_affection"),
        finished=False,
    )
    # Finished but left comfort_talking unanswered: skipped.
    _person(engine, session, {k: v for k, v in FULL.items() if k != "comfort_talking"})
    wide = _wide(make_export(engine, [session.id]))
    assert sorted(wide["minutes_affection"]) == sorted(["20", "20", "DECLINED", "NOT_REACHED"])
    assert sorted(wide["comfort_talking"]) == sorted(["6", "6", "NOT_REACHED", "SKIPPED"])
    stopped = wide[wide["practices__quiet"] == "1"].iloc[0]
    assert stopped["importance_post"] == "NOT_REACHED"
    assert stopped["practice_ranking__talk"] == "NOT_REACHED"
    assert stopped["finished"] == "false"
    full = wide[wide["minutes_affection"] == "20"].iloc[0]
    assert full["practices__touch"] == "1" and full["practices__comfort"] == "0"
    assert full["practice_ranking__talk"] == "1" and full["practice_ranking__comfort"] == "4"


def test_withdrawn_participants_appear_nowhere(engine: Engine, library: ContentLibrary) -> None:
    session = _session(engine, library.snapshot("first-look"))
    for _ in range(4):
        _person(engine, session, FULL)
    gone = _person(
        engine, session, {**FULL, "minutes_affection": 237, "one_word": "Zebra marmalade"}
    )
    participants.withdraw(engine, gone)
    export = make_export(engine, [session.id], ExportOptions(include_text=True))
    assert export.participants == 4
    # 237 is checked where it would appear: random ids and p-values may contain "237"
    assert "237" not in set(_wide(export)["minutes_affection"])
    for name, content in export.files.items():
        if name.endswith((".csv", ".json", ".md")):
            text = content.decode("utf-8-sig")
            assert "Zebra" not in text and gone not in text, name


def test_ids_are_random_rows_hold_no_database_ids(engine: Engine, library: ContentLibrary) -> None:
    session = _session(engine, library.snapshot("first-look"))
    real = {_person(engine, session, FULL) for _ in range(6)}
    first = _wide(make_export(engine, [session.id]))
    second = _wide(make_export(engine, [session.id]))
    assert not set(first["participant"]) & set(second["participant"])
    assert not set(first["participant"]) & real
    assert first["participant"].is_unique
    blob = b"".join(make_export(engine, [session.id]).files.values()).decode("latin-1")
    assert not any(pid in blob for pid in real)


def test_free_text_is_scrubbed_and_formulas_neutralized(
    engine: Engine, library: ContentLibrary
) -> None:
    session = _session(engine, library.snapshot("first-look"))
    texts = [
        "mail me at someone@example.org please",
        "call +44 7700 900123 any time",
        "see https://example.com/me or @my_handle",
        '=HYPERLINK("http://evil.test","x")',
        "-2+3+cmd|' /C calc'!A0",
    ]
    for text in texts:
        _person(engine, session, {**FULL, "one_word": text})
    export = make_export(engine, [session.id], ExportOptions(include_text=True))
    wide = _wide(export)
    out = sorted(wide["one_word"])
    joined = " ".join(out)
    for secret in ("someone@example.org", "7700", "900123", "https://", "@my_handle"):
        assert secret not in joined
    assert "mail me at [email] please" in out
    assert "call [phone] any time" in out
    assert any(t.startswith("'=HYPERLINK") for t in out)
    assert any(t.startswith("'-2+3") for t in out)
    for name in ("responses_wide.csv", "responses_long.csv", "summary.csv", "prepost.csv"):
        frame = pd.read_csv(
            io.BytesIO(export.files[name]), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        for value in frame.to_numpy().ravel():
            assert is_safe_cell(value), (name, value)
    report = export.files["ANONYMIZATION.md"].decode()
    assert "1 e-mail address by [email]" in report
    assert "4 cells beginning with" in report  # two in the wide file, two in the long one


def test_k_comes_from_the_session_and_can_only_be_raised(
    engine: Engine, library: ContentLibrary
) -> None:
    session = _session(engine, library.snapshot("first-look"), k=6)
    for _ in range(3):
        _person(engine, session, FULL)
    assert make_export(engine, [session.id]).k == 6
    lowered = make_export(engine, [session.id], ExportOptions(k=3))
    assert lowered.k == 6
    assert "you asked for 3" in lowered.files["ANONYMIZATION.md"].decode()
    assert make_export(engine, [session.id], ExportOptions(k=9)).k == 9


def test_quasi_identifiers_are_generalized_then_suppressed(
    engine: Engine, library: ContentLibrary
) -> None:
    session = _session(engine, library.snapshot("first-look"), k=3)
    bands = ["18_24"] * 2 + ["25_34"] * 4 + ["35_49"] * 3 + ["50_plus"] * 1
    for band in bands:
        _person(engine, session, {**FULL, "age_band": band})
    export = make_export(engine, [session.id])
    wide = _wide(export)
    counts = wide["age_band"].value_counts()
    assert all(n >= 3 for code, n in counts.items() if code != "SUPPRESSED")
    assert "18_24" not in counts  # too small alone: merged with its neighbour
    package = json.loads(export.files["datapackage.json"])
    field = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "age_band")
    assert field["type"] == "string"
    assert set(counts.index) - {"SUPPRESSED"} <= set(field["constraints"]["enum"])
    report = export.files["ANONYMIZATION.md"].decode()
    assert "merged" in report and "age_band" in report


def test_spss_file_has_variable_and_value_labels(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    filled = demo.fill(engine, library.snapshot("first-look"), participants=10)
    write_export(engine, [filled.session.id], tmp_path / "out", ExportOptions(format="sav"))
    frame, meta = pyreadstat.read_sav(str(tmp_path / "out" / "responses.sav"), user_missing=False)
    assert len(frame) == 10
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["importance_pre"].startswith("How important is it")
    assert meta.variable_value_labels["importance_pre"][5.0] == "Extremely important"
    assert meta.variable_value_labels["importance_pre"][-91.0].startswith("Prefer not to answer")
    # User-missing codes are read as missing, never as answers.
    assert frame["importance_pre"].dropna().between(1, 5).all()


def test_several_sessions_in_one_export(engine: Engine, library: ContentLibrary) -> None:
    snapshot = library.snapshot("first-look")
    one, two = _session(engine, snapshot), _session(engine, snapshot)
    for _ in range(3):
        _person(engine, one, FULL)
    for _ in range(4):
        _person(engine, two, FULL)
    wide = _wide(make_export(engine, [one.id, two.id]))
    assert wide["session"].value_counts().to_dict() == {two.code: 4, one.code: 3}


@pytest.fixture
def fresh_snapshots() -> Iterator[None]:
    """The PostgreSQL fixture restarts ids between tests, so the process-wide snapshot
    cache could hold another test's session under the same id. Tests that store an
    edited survey clear it before and after, so no other test sees the edit."""
    sessions._snapshot_cache.clear()
    yield
    sessions._snapshot_cache.clear()


def test_sessions_with_conflicting_items_are_refused(
    engine: Engine, library: ContentLibrary, fresh_snapshots: None
) -> None:
    snapshot = library.snapshot("first-look")
    data = snapshot.model_dump(mode="json", by_alias=True)
    for step in data["survey"]["steps"]:
        if step.get("id") == "age_band":
            step["options"] = step["options"][:3]
    changed = SurveySnapshot.model_validate(data)
    one, two = _session(engine, snapshot), _session(engine, changed)
    with pytest.raises(ExportError, match="age_band"):
        make_export(engine, [one.id, two.id])


def test_zip_holds_every_file(engine: Engine, library: ContentLibrary) -> None:
    filled = demo.fill(engine, library.snapshot("first-look"), participants=8)
    archive, export = build_zip(engine, [filled.session.id], ExportOptions())
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = {Path(n).name for n in opened.namelist()}
        assert names == set(export.files)
        wide = opened.read("workshop-export/responses_wide.csv")
    assert wide == export.files["responses_wide.csv"]
    assert wide.startswith(b"\xef\xbb\xbfparticipant,session,session_date,finished,")


def test_no_sessions_is_a_clear_error(engine: Engine) -> None:
    with pytest.raises(ExportError, match="at least one session"):
        make_export(engine, [])


def test_empty_session_and_free_text_exports_validate(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    empty = _session(engine, library.snapshot("first-look"))
    write_export(engine, [empty.id], tmp_path / "empty")
    report = Package(str(tmp_path / "empty" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    session = _session(engine, library.snapshot("first-look"))
    for text in ['Commas, "quotes"\nand a new line', "Ünïcödé — ok", "SKIPPED? no"]:
        _person(engine, session, {**FULL, "one_word": text})
    write_export(engine, [session.id], tmp_path / "text", ExportOptions(include_text=True))
    report = Package(str(tmp_path / "text" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    frame = pd.read_csv(tmp_path / "text" / "responses_wide.csv", keep_default_na=False)
    assert set(frame["one_word"]) == {
        'Commas, "quotes"\nand a new line',
        "Ünïcödé — ok",
        "SKIPPED? no",
    }


@pytest.mark.slow
def test_numeric_quasi_identifier_becomes_ranges(
    engine: Engine, library: ContentLibrary, tmp_path: Path, fresh_snapshots: None
) -> None:
    data = library.snapshot("first-look").model_dump(mode="json", by_alias=True)
    for step in data["survey"]["steps"]:
        if step.get("id") == "minutes_affection":
            step["quasi_identifier"] = True
    session = _session(engine, SurveySnapshot.model_validate(data), k=3)
    minutes = [5, 5, 10, 12, 15, 20, 30, 30, 45, 60]
    for value in minutes:
        _person(engine, session, {**FULL, "minutes_affection": value})
    export = write_export(engine, [session.id], tmp_path / "out")
    report = Package(str(tmp_path / "out" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    wide = _wide(export)
    combos = wide.groupby(["session", "age_band", "minutes_affection"]).size()
    published = combos[
        (combos.index.get_level_values("minutes_affection") != "SUPPRESSED")
        | (combos.index.get_level_values("age_band") != "SUPPRESSED")
    ]
    assert (published >= 3).all(), combos
    package = json.loads(export.files["datapackage.json"])
    field = next(
        f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "minutes_affection"
    )
    assert field["type"] == "string"
    assert all(re.fullmatch(r"\d+(-\d+)?", c) for c in field["constraints"]["enum"])
    # Greedy merging of neighbouring values: two ranges of at least k = 3.
    assert field["categories"] == [
        {"value": "5-12", "label": "5 to 12 minutes"},
        {"value": "15-60", "label": "15 to 60 minutes"},
    ]
    assert wide["minutes_affection"].value_counts().to_dict() == {"15-60": 6, "5-12": 4}


def test_spss_numbers_text_codes_and_keeps_them_in_labels(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    session = _session(engine, library.snapshot("first-look"))
    for answer in ["yes", "no", "no", "unsure"]:
        _person(engine, session, {**FULL, "low_mood_ever": answer})
    _person(engine, session, FULL, declined=("low_mood_ever",))
    write_export(engine, [session.id], tmp_path, ExportOptions(format="sav"))
    frame, meta = pyreadstat.read_sav(str(tmp_path / "responses.sav"))
    labels = meta.variable_value_labels["low_mood_ever"]
    assert labels[1.0] == "Yes [yes]" and labels[4.0] == "Does not apply to me [na]"
    assert sorted(frame["low_mood_ever"].dropna()) == [1.0, 2.0, 2.0, 3.0]
    assert meta.variable_measure["low_mood_ever"] == "nominal"
    assert meta.variable_measure["importance_pre"] == "ordinal"
    assert meta.variable_measure["minutes_affection"] == "scale"
    raw, _ = pyreadstat.read_sav(str(tmp_path / "responses.sav"), user_missing=True)
    assert -91.0 in set(raw["low_mood_ever"])  # the decline, kept as user-missing
