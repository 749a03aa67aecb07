"""AppTest of the entry point: participants see only the join page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app_env(monkeypatch, tmp_path, sqlite_url):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    return sqlite_url


def test_wrong_code_gets_a_plain_message(app_env) -> None:
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.text_input(key="join_code").input("ABC")
    at.button[0].click().run()
    assert not at.exception
    assert "you entered 3" in at.error[0].value
