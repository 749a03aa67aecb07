"""The researcher export page, in isolation (app.py adds it to the staff menu)."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.support.apptest import ROOT, app_test
from workshop import demo
from workshop.loading import ContentLibrary

PAGE = str(ROOT / "app_pages" / "export.py")


def staff_page() -> AppTest:
    """The page on its own, as app.py's navigation shows it to a logged-in researcher."""
    import os

    from workshop import db, staff_credentials

    at = app_test(PAGE, timeout=60)
    engine = db.get_engine(os.environ["WORKSHOP_DATABASE_URL"])
    # The role holds the tag of the credential in force (a reset ends it).
    credential = staff_credentials.ensure_credential(engine, None)
    at.session_state["_staff_role"] = staff_credentials.fingerprint(engine, credential)
    return at


def test_page_refuses_without_the_staff_role(app_engine: Engine) -> None:
    at = app_test(PAGE, timeout=60).run()
    assert not at.exception
    assert "for facilitators" in at.error[0].value
    assert not at.get("download_button")


def test_page_without_sessions_says_what_to_do(app_engine: Engine) -> None:
    at = staff_page().run()
    assert not at.exception
    assert "no sessions yet" in at.info[0].value


def test_page_builds_a_zip_for_the_chosen_sessions(
    app_engine: Engine, library: ContentLibrary
) -> None:
    engine = app_engine
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
