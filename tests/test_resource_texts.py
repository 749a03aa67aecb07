"""Support resources in other languages for a list kept in the app (issue 28).

A session shows participants reading Spanish the Spanish words of its own list:
the content folder's for the shipped list, the words saved on the Support
resources page for a list written there, and never another list's words.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_authored import LOCAL
from tests.test_authoring_pages import RESOURCES, _staff
from workshop import authored, authored_resources, resource_texts, sessions
from workshop.content import Resources

SPANISH = LOCAL.model_copy(
    update={
        "heading": "Dónde encontrar apoyo",
        "items": tuple(
            item.model_copy(update={"description": words})
            for item, words in zip(
                LOCAL.items, ("Salud sexual", "Hablar", "Apoyo ante el maltrato"), strict=True
            )
        ),
    }
)


def _spanish_resources(engine, library, resources: Resources | None) -> Resources | None:
    snapshot = authored.snapshot(engine, library, "first-look", resources)
    session = sessions.create_session(engine, snapshot)
    return sessions.get_snapshot(engine, session.id).translations["es"].resources


def test_the_shipped_list_keeps_its_spanish_when_picked_for_a_session(engine, library) -> None:
    chosen = authored_resources.for_new_sessions(engine, library)  # what the Sessions page passes
    assert chosen == library.resources
    spanish = _spanish_resources(engine, library, chosen)
    assert spanish == library.translations["es"].resources and spanish is not None


def test_a_list_written_in_the_app_shows_its_own_spanish_or_english(engine, library) -> None:
    authored_resources.save(engine, LOCAL, edited_from=None)
    # No Spanish words for this list yet: the shipped examples' Spanish must not stand in.
    assert _spanish_resources(engine, library, LOCAL) is None
    resource_texts.save(engine, LOCAL, "es", SPANISH)
    assert _spanish_resources(engine, library, LOCAL) == SPANISH
    changed = LOCAL.model_copy(update={"items": LOCAL.items[:2]})
    assert _spanish_resources(engine, library, changed) is None  # the old words never reappear


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"items": SPANISH.items[:2]}, "has 2 services and the English list 3"),
        (
            {
                "items": (
                    SPANISH.items[0].model_copy(update={"name": "[Clínica](https://x.example)"}),
                )
                + SPANISH.items[1:]
            },
            "Service 1: contains markup (HTML or Markdown); write plain text",
        ),
        ({"note": "<b>Llama</b> al 112"}, "Note: contains markup; write plain text"),
        (
            {
                "items": (SPANISH.items[0].model_copy(update={"url": "https://x.example"}),)
                + SPANISH.items[1:]
            },
            "Service 1: the link must be the English one",
        ),
        (
            {
                "items": (SPANISH.items[0].model_copy(update={"contact": "Llama al 0123 457"}),)
                + SPANISH.items[1:]
            },
            "Service 1: the numbers in “How to reach them” must be the English ones (0123 456)",
        ),
    ],
)
def test_a_translation_keeps_the_services_links_and_numbers(engine, change, named) -> None:
    with pytest.raises(ValueError, match=re.escape(named)):
        resource_texts.save(engine, LOCAL, "es", SPANISH.model_copy(update=change))
    assert resource_texts.find(engine, LOCAL, "es") is None
    worded = SPANISH.items[0].model_copy(update={"contact": "Llama al 0123 456"})
    resource_texts.save(
        engine, LOCAL, "es", SPANISH.model_copy(update={"items": (worded, *SPANISH.items[1:])})
    )
    assert resource_texts.find(engine, LOCAL, "es").items[0].contact == "Llama al 0123 456"


@pytest.fixture
def app_env(app_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", "a long test passphrase")
    return app_env


def _spanish_area(at: AppTest):
    return next(t for t in at.text_area if t.key and t.key.startswith("res_tr_es_"))


@pytest.mark.slow
def test_the_page_translates_the_saved_list(app_env, app_engine, library) -> None:
    authored_resources.save(app_engine, LOCAL, edited_from=None)
    at = _staff(RESOURCES)
    assert not at.exception
    assert any("no Spanish words yet" in w.value for w in at.warning)
    area = _spanish_area(at)
    assert "Town clinic" in area.value  # the English, to translate
    english = area.value
    area.input(english.replace("0123 456", "0123 999"))  # a number changed: refused
    at = next(b for b in at.button if b.label == "Save the Spanish words").click().run()
    assert [e.value for e in at.error] == [
        "Nothing was saved: a translation keeps the same services."
    ]
    assert resource_texts.find(app_engine, LOCAL, "es") is None
    area = _spanish_area(at)
    area.input(english.replace("description: Sexual health", "description: Salud sexual"))
    at = next(b for b in at.button if b.label == "Save the Spanish words").click().run()
    assert not at.exception
    assert any("Saved the Spanish words" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert resource_texts.find(app_engine, LOCAL, "es").items[0].description == "Salud sexual"
    assert any("Participants reading Spanish see these words" in s.value for s in at.success)
