"""The facilitator guide: a staff-only page that renders docs/facilitator-guide.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP
from tests.test_facilitator_app import PASSPHRASE, _log_in

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "facilitator-guide.md"
PAGE = "app_pages/facilitator_guide.py"


@pytest.fixture
def app_env(monkeypatch, tmp_path, sqlite_url):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    return sqlite_url


def test_staff_read_the_guide_with_print_styles(app_env) -> None:
    at = _log_in(AppTest.from_file(APP, default_timeout=30).run())
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert shown.strip() == GUIDE.read_text(encoding="utf-8").strip()
    css = " ".join(h.proto.body for h in at.get("html"))
    assert "@media print" in css and "stSidebar" in css


def test_participants_cannot_reach_the_guide(app_env) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_the_page_itself_refuses_without_the_staff_role(app_env) -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30).run()
    assert not at.exception
    assert "for facilitators" in at.error[0].value
    assert not at.markdown  # not a word of the guide


def test_the_guide_prints_as_plain_markdown() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert not re.search(r"<[a-zA-Z/!]", text), "no HTML: the guide must print cleanly"
    for heading in ["Session plans", "Opening words", "Ground rules", "Sources for this guidance"]:
        assert f"## {heading}" in text


def test_every_id_the_guide_names_exists_in_the_content(library) -> None:
    """Plans name blocks by survey, module and question id: catch renames and removals."""
    text = GUIDE.read_text(encoding="utf-8")
    known = set(library.surveys) | set(library.modules)
    for survey in library.surveys.values():
        known |= {q.id for q in survey.questions}
    named = {t for t in re.findall(r"`([^`\s]+)`", text) if re.fullmatch(r"[a-z][a-z0-9_-]*", t)}
    assert len(named) > 30
    assert sorted(named - known) == []


def _plan_minutes(text: str) -> dict[str, int]:
    sums = {}
    for section in text.split("\n### ")[1:]:
        title, _, body = section.partition("\n")
        rows = [r for r in body.splitlines() if r.startswith("| ")][2:]  # skip header and rule
        if "| Minutes |" in body:
            sums[title] = sum(int(r.split("|")[2].strip() or 0) for r in rows)
    return sums


def test_each_plan_adds_up_to_its_length() -> None:
    sums = _plan_minutes(GUIDE.read_text(encoding="utf-8"))
    assert sums == {
        "90-minute plan: full workshop, facilitator-paced": 90,
        "60-minute plan: full workshop, with cuts": 60,
        "20-minute plan: quick poll (`quick-poll`)": 20,
        "Plan for the after-conflict session (`after-conflict`)": 40,
    }
