"""Per-process tuning of the app server: the GC policy, shared page definitions, the question-shaped bare page."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.shared import navigation, streamlit_patches

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_gc(monkeypatch):
    """Run the GC policy as a new process would, and put the collector back afterwards."""
    before = gc.get_threshold()
    monkeypatch.setattr(streamlit_patches, "_installed", streamlit_patches._installed - {"gc"})
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_gc_policy_freezes_once_and_raises_thresholds(fresh_gc) -> None:
    streamlit_patches.apply_gc_policy_once()
    assert gc.get_threshold() == streamlit_patches.GC_THRESHOLDS
    frozen = gc.get_freeze_count()
    assert frozen > 0  # what was loaded is out of the collector's reach
    gc.set_threshold(700, 10, 10)
    streamlit_patches.apply_gc_policy_once()  # later runs: nothing changes
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == frozen


def test_every_run_gets_its_own_page_objects() -> None:
    # Outside a script run st.Page keeps only its flags; app.py's AppTests cover the rest.
    first, second = navigation.pages(), navigation.pages()
    assert len(first.participant) == 2 and len(first.staff) == 12  # eleven and a hidden home
    assert len(first.login_stand_ins) == 10  # the login page at every staff address but its own
    assert first.participant[0] is not second.participant[0]
    first.participant[0]._default = False  # what st.navigation marks on its copy
    assert second.participant[0]._default is True
    assert navigation.pages().participant[0]._default is True


@pytest.mark.parametrize("script", ["benchmarks/bare_question_app.py"])
def test_question_shaped_bare_page_draws_our_elements_and_inserts_once(
    script: str, tmp_path: Path, monkeypatch, fresh_gc
) -> None:
    store = tmp_path / "bare.db"
    monkeypatch.setenv("BARE_APP_DB", str(store))
    at = AppTest.from_file(str(ROOT / script), default_timeout=30).run()
    assert not at.exception
    assert at.get("html") and at.get("progress") and at.radio(key="choice")
    keys = {b.key for b in at.button}
    assert {"decline", "back", "save", "withdraw"} <= keys
    at.radio(key="choice").set_value("3")
    at.button(key="save").click().run()
    at.button(key="back").click().run()  # not a save
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT value FROM clicks").fetchall() == [("3",)]
