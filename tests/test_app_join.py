"""AppTest of the entry point: participants see only the join page."""

from __future__ import annotations

from tests.support.apptest import app


def test_wrong_code_gets_a_plain_message(app_env) -> None:
    at = app()
    at.text_input(key="join_code").input("ABC")
    at.button[0].click().run()
    assert not at.exception
    assert "you entered 3" in at.error[0].value
