"""The researcher page pools several sessions (table, forest plot) and offers the report."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.test_export_page import staff_page
from workshop import demo
from workshop.loading import ContentLibrary


@pytest.mark.slow
def test_export_page_pools_sessions_and_makes_the_report(
    app_engine: Engine, library: ContentLibrary
) -> None:
    ids = [
        demo.fill(app_engine, library.snapshot("first-look"), participants=12, seed=s).session.id
        for s in (1, 2, 3)
    ]
    at = staff_page().run()
    for session_id in ids:
        at.multiselect[0].select(session_id)
    at.checkbox[1].check()  # SPSS
    at.checkbox[2].check()  # and Stata: one export holds one of them
    at.button[0].click().run()
    assert "not both" in at.error[0].value
    at.checkbox[1].uncheck()
    at.button[0].click().run()
    assert not at.exception, at.exception
    headers = [h.value for h in at.subheader]
    assert "Sessions side by side" in headers and "Effect per session (forest plot)" in headers
    assert len(at.dataframe[0].value) == 3  # one row per session
    make = next(b for b in at.button if b.label == "Make the report (HTML)")
    make.click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the report" in labels


@pytest.mark.slow
def test_before_and_after_page_offers_the_session_report(
    app_env, app_engine, library, monkeypatch
) -> None:
    from tests.test_facilitator_app import PASSPHRASE, _log_in, app

    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception
    make = next(b for b in at.sidebar.button if b.label == "Make the report (HTML)")
    make.click().run()
    assert not at.exception, at.exception
    assert "Download the report" in [d.proto.label for d in at.get("download_button")]
