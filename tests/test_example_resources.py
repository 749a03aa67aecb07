"""Issue 17 point 8: shipped example resources need a confirmation; content is reread on create."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import example_resources, sessions
from workshop.loading import load_content, parse_resources

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "correct horse battery staple for tests"
REAL = """heading: Where to find support
items:
  - name: Riverside Sexual Health Clinic
    description: Walk-in advice, Tuesdays and Thursdays.
    contact: 0123 456 789
"""


@pytest.mark.slow
def test_the_shipped_resources_are_recognised_and_real_ones_are_not() -> None:
    shipped = load_content(ROOT / "content").resources
    assert example_resources.are_examples(shipped)
    assert "A counselling or crisis line (example)" in example_resources.example_items(shipped)
    assert not example_resources.are_examples(parse_resources(REAL))
    assert not example_resources.are_examples(None)


@pytest.mark.slow
def test_one_rule_refuses_unconfirmed_examples_and_says_how_to_confirm() -> None:
    """The rule the sessions page and `workshop session create` both apply."""
    shipped = load_content(ROOT / "content").resources
    with pytest.raises(example_resources.ExampleResourcesNotConfirmed, match="add --flag"):
        example_resources.require_confirmation(shipped, confirmed=False, how="add --flag")
    example_resources.require_confirmation(shipped, confirmed=True, how="add --flag")
    real = parse_resources(REAL)
    example_resources.require_confirmation(real, confirmed=False, how="add --flag")


@pytest.fixture
def staff_env(app_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The AppTest environment with a content folder of its own, which the test edits."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setenv("WORKSHOP_CONTENT_DIR", str(content))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    return content


def _sessions_page() -> AppTest:
    at = app()
    at.switch_page("app_pages/facilitator_login.py").run()
    at.text_input(key="staff_passphrase").input(PASSPHRASE)
    return next(b for b in at.button if b.label == "Log in").click().run()


def _create(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Create session").click().run()


@pytest.mark.slow
def test_example_resources_need_the_checkbox(staff_env: Path, app_engine) -> None:
    at = _sessions_page()
    assert any("still the shipped examples" in w.value for w in at.warning)
    _create(at)
    assert not at.exception
    assert any("still the shipped examples" in e.value for e in at.error)
    assert sessions.list_sessions(app_engine) == []
    at.checkbox(key="fac_new_examples_ok").check()
    _create(at)
    assert len(sessions.list_sessions(app_engine)) == 1


@pytest.mark.slow
def test_a_session_gets_the_resources_as_they_are_now(staff_env: Path, app_engine) -> None:
    at = _sessions_page()  # reads (and caches) the example resources
    (staff_env / "resources.yaml").write_text(REAL, encoding="utf-8")
    at.checkbox(key="fac_new_examples_ok").check()  # still shown: the page read the old file
    _create(at)
    assert not at.exception and not at.error
    [created] = sessions.list_sessions(app_engine)
    resources = sessions.get_snapshot(app_engine, created.id).resources
    assert resources is not None
    assert [item.name for item in resources.items] == ["Riverside Sexual Health Clinic"]
