"""The researcher export page, in isolation (app.py adds it to the staff menu)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workshop import db, demo, migrate
from workshop.loading import ContentLibrary

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "export.py")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", url)
    migrate.upgrade(url)
    return url


def staff_page() -> AppTest:
    """The page on its own, as app.py's navigation shows it to a logged-in researcher."""
    import os

    from workshop import auth

    at = AppTest.from_file(PAGE, default_timeout=60)
    engine = db.get_engine(os.environ["WORKSHOP_DATABASE_URL"])
    # The role holds the tag of the credential in force (a reset ends it).
    credential = auth.ensure_credential(engine, None)
    at.session_state["_staff_role"] = auth.fingerprint(engine, credential)
    return at


def test_page_refuses_without_the_staff_role(database: str) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "for facilitators" in at.error[0].value
    assert not at.get("download_button")


def test_page_without_sessions_says_what_to_do(database: str) -> None:
    at = staff_page().run()
    assert not at.exception
    assert "no sessions yet" in at.info[0].value


def test_page_builds_a_zip_for_the_chosen_sessions(database: str, library: ContentLibrary) -> None:
    engine = db.get_engine(database)
    first = demo.fill(engine, library.snapshot("first-look"), participants=9).session
    demo.fill(engine, library.snapshot("first-look"), participants=6, seed=3)
    at = staff_page().run()
    assert not at.exception
    at.button[0].click().run()  # nothing chosen yet
    assert "at least one session" in at.error[0].value
    at.multiselect[0].select(first.id)
    at.checkbox[1].check()  # SPSS too
    at.button[0].click().run()
    assert not at.exception
    assert not at.error
    assert f"9 participant(s) from session(s) {first.code}, k = 5" in at.success[0].value
    downloads = at.get("download_button")
    assert len(downloads) == 1
    assert "Download export" in downloads[0].proto.label
