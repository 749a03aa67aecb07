"""Questions from the question box reach an export only when asked for, scrubbed and unlinked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from frictionless import Package
from sqlalchemy import Engine

from analysis.export import ExportOptions, make_export, write_export
from workshop import participants, question_box, sessions
from workshop.loading import ContentLibrary
from workshop.question_box import Limits, Status
from workshop.rate_limits import Limiter

ROOMY = Limits(per_participant=100, waiting=100, per_session=1000)


def _session_with_questions(engine: Engine, library: ContentLibrary) -> sessions.WorkshopSession:
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, alice = participants.join(engine, session.code, consented=True)
    _, bob = participants.join(engine, session.code, consented=True)
    asked = {
        text: question_box.ask(engine, alice.id, text, limits=ROOMY, limiter=Limiter())
        for text in (
            "Write to me at sam@example.org about this?",
            "=HYPERLINK(1) is this normal?",
            "Is it okay to need space after?",
        )
    }
    shown = asked["Is it okay to need space after?"]
    question_box.set_status(engine, session.id, shown, Status.approved)
    question_box.upvote(engine, bob.id, shown)
    return session


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_questions_are_left_out_by_default(engine: Engine, library: ContentLibrary) -> None:
    session = _session_with_questions(engine, library)
    export = make_export(engine, [session.id])
    assert "questions.csv" not in export.files
    everything = b"".join(export.files.values())
    assert b"need space after" not in everything and b"sam@example" not in everything
    names = [r["name"] for r in json.loads(export.files["datapackage.json"])["resources"]]
    assert "questions" not in names


def test_asked_for_they_are_scrubbed_neutralized_and_described(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    session = _session_with_questions(engine, library)
    export = write_export(
        engine, [session.id], tmp_path / "out", ExportOptions(include_questions=True)
    )
    rows = _rows(export.files["questions.csv"])
    assert len(rows) == 3
    by_status = {r["status"]: r for r in rows if r["status"] == "approved"}
    assert by_status["approved"]["votes"] == "1"
    assert {r["session"] for r in rows} == {session.code}
    texts = [r["text"] for r in rows]
    assert not any("sam@example.org" in t for t in texts)
    assert not any(t.startswith("=") for t in texts)  # no spreadsheet formula
    assert set(rows[0]) == {"session", "status", "votes", "text"}  # no participant id at all
    assert "Questions from the question box" in export.files["ANONYMIZATION.md"].decode()
    report = Package(str(tmp_path / "out" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_withdrawn_questions_are_not_exported(engine: Engine, library: ContentLibrary) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, alice = participants.join(engine, session.code, consented=True)
    question_box.ask(engine, alice.id, "mine", limits=ROOMY, limiter=Limiter())
    participants.withdraw(engine, alice.id)
    export = make_export(engine, [session.id], ExportOptions(include_questions=True))
    assert _rows(export.files["questions.csv"]) == []


@pytest.mark.slow
def test_the_export_command_has_an_explicit_option(tmp_path: Path, cli) -> None:
    made = cli("demo", "--survey", "first-look", "--participants", "6")
    assert made.returncode == 0, made.stderr
    code = made.stdout.split("Join code: ")[1].split()[0]
    plain = cli("export", "--session", code, "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert not (tmp_path / "plain" / "questions.csv").exists()
    asked = cli(
        "export", "--session", code, "--out", str(tmp_path / "asked"), "--include-questions"
    )
    assert asked.returncode == 0, asked.stderr
    assert "questions.csv" in asked.stdout
    header = (tmp_path / "asked" / "questions.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "session,status,votes,text"


def test_the_export_page_has_an_explicit_checkbox(
    app_engine: Engine, library: ContentLibrary
) -> None:
    import zipfile

    from tests.test_export_page import staff_page

    session = _session_with_questions(app_engine, library)
    at = staff_page().run()
    at.multiselect[0].select(session.id)
    at.button[0].click().run()
    assert not at.exception
    names = zipfile.ZipFile(io.BytesIO(at.session_state["export_zip"])).namelist()
    assert "workshop-export/questions.csv" not in names
    [box] = [c for c in at.checkbox if c.label.startswith("Include questions")]
    box.check()
    at.button[0].click().run()
    assert not at.exception
    archive = zipfile.ZipFile(io.BytesIO(at.session_state["export_zip"]))
    rows = _rows(archive.read("workshop-export/questions.csv"))
    assert len(rows) == 3
