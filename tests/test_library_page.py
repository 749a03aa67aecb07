"""AppTest of the Modules page: every module is readable without a session."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import ROOT, app
from workshop import references
from workshop.loading import load_content


def _library_page() -> AppTest:
    return app().switch_page("app_pages/library.py").run()


@pytest.fixture(scope="module")
def library_page(shared_app_env: str) -> AppTest:
    """The page as anyone opens it, drawn once: the tests below only read it."""
    return _library_page()


def test_every_module_is_listed_with_its_reading_time(library_page: AppTest) -> None:
    library = load_content(ROOT / "content")
    at = library_page
    assert not at.exception
    assert at.title[0].value == "Modules"
    labels = [expander.label for expander in at.expander]
    assert len(labels) == len(library.modules)
    # the full workshop's reading order comes first
    first = library.modules[library.surveys["aftercare-workshop"].module_ids[0]]
    assert labels[0] == f"1. {first.title} ·\u00a0{first.minutes}\u00a0min"
    for module in library.modules.values():
        assert any(
            label.endswith(f"{module.title} ·\u00a0{module.minutes}\u00a0min") for label in labels
        )


def test_each_module_shows_its_note_body_and_sources(library_page: AppTest) -> None:
    library = load_content(ROOT / "content")
    at = library_page
    markdown = "\n".join(element.value for element in at.markdown)
    captions = "\n".join(element.value for element in at.caption)
    for module in library.modules.values():
        body, sources = references.module_text(module.body, module.sources, library.references)
        assert body in markdown, module.id
        assert "[@" not in body, module.id  # citations rendered as (Author, year)
        for source in sources:
            assert source in captions, (module.id, source)
        if module.content_note:
            assert module.content_note in captions, module.id
    assert "Where to find support" in [h.value for h in at.header]  # h2 under the h1


def test_a_link_can_open_one_module(app_env) -> None:
    at = app(module="kink-aftercare").switch_page("app_pages/library.py").run()
    opened = [e for e in at.expander if e.proto.expanded]
    assert len(opened) == 1 and "kink" in opened[0].label.lower()


def test_the_page_survives_an_empty_content_folder(app_env, monkeypatch, tmp_path) -> None:
    empty = tmp_path / "content"
    (empty / "modules").mkdir(parents=True)
    monkeypatch.setenv("WORKSHOP_CONTENT_DIR", str(empty))
    at = _library_page()
    assert not at.exception
    assert "No modules" in at.info[0].value


def test_the_readings_have_a_quick_exit(app_env) -> None:
    """Issue 24: /modules holds sensitive readings and is public: Quick exit is on it too."""
    at = _library_page()
    assert not at.exception
    assert any("workshop-quick-exit" in str(h.proto.body) for h in at.get("html"))
