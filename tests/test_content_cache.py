"""One content cache for every page (ui/shared/content.py), with a way to reread at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ui.shared import content

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_pages_share_the_cache_and_forget_content_rereads(monkeypatch, tmp_path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    monkeypatch.setenv("WORKSHOP_CONTENT_DIR", str(folder))
    content.forget_content()
    first = content.content_library()
    assert "extra-reading" not in first.modules
    copied = (folder / "modules" / "after-conflict.md").read_text(encoding="utf-8")
    (folder / "modules" / "extra-reading.md").write_text(
        copied.replace("id: after-conflict", "id: extra-reading", 1), encoding="utf-8"
    )
    assert content.content_library() is first  # cached: no reread on every run
    content.forget_content()
    fresh = content.content_library()
    assert "extra-reading" in fresh.modules and not fresh.problems
    content.forget_content()
