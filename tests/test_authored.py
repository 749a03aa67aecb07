"""Authored surveys and resources: versions, edit conflicts, snapshots (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from workshop import authored, authored_resources, sessions
from workshop.authored import EditConflict, InvalidSurvey, NotAuthored
from workshop.content import Question, Resource, Resources
from workshop.example_resources import are_examples


def _copy(library, new_id: str = "our-workshop"):
    # One language: the translations of an authored survey are tests/test_authored_texts.py.
    survey = library.surveys["aftercare-workshop-60"]
    return survey.model_copy(update={"id": new_id, "languages": ("en",)})


def test_a_copy_is_stored_as_version_one_and_read_back(engine, library) -> None:
    stored = authored.save(engine, _copy(library), library, edited_from=None, based_on="x v1")
    assert stored.version == 1
    assert authored.get(engine, "our-workshop") == stored
    assert [v.version for v in authored.versions(engine, "our-workshop")] == [1]


def test_each_save_is_a_new_version_and_old_ones_stay(engine, library) -> None:
    first = authored.save(engine, _copy(library), library, edited_from=None)
    dropped = first.model_copy(update={"steps": first.steps[1:]})
    second = authored.save(engine, dropped, library, edited_from=1)
    assert second.version == 2
    assert authored.get(engine, "our-workshop", 1) == first
    assert authored.get(engine, "our-workshop") == second
    assert len(authored.get(engine, "our-workshop", 1).steps) == len(second.steps) + 1


def test_the_second_of_two_saves_from_one_version_is_refused(engine, library) -> None:
    base = authored.save(engine, _copy(library), library, edited_from=None)
    authored.save(engine, base.model_copy(update={"title": "Mine"}), library, edited_from=1)
    with pytest.raises(EditConflict, match="Someone else saved version 2"):
        authored.save(engine, base.model_copy(update={"title": "Theirs"}), library, edited_from=1)
    assert authored.get(engine, "our-workshop").title == "Mine"
    assert [v.version for v in authored.versions(engine, "our-workshop")] == [2, 1]


def test_a_new_survey_cannot_take_an_existing_id(engine, library) -> None:
    authored.save(engine, _copy(library), library, edited_from=None)
    with pytest.raises(EditConflict, match="already exists"):
        authored.save(engine, _copy(library), library, edited_from=None)


def test_shipped_ids_unknown_modules_and_markup_are_refused(engine, library) -> None:
    shipped = library.surveys["first-look"]
    with pytest.raises(InvalidSurvey, match="shipped survey"):
        authored.save(engine, shipped, library, edited_from=None)
    survey = _copy(library)
    question = next(s for s in survey.steps if isinstance(s, Question))
    marked = question.model_copy(update={"text": "Is this <b>bold</b>?"})
    steps = (marked, *survey.steps[1:])
    with pytest.raises(InvalidSurvey, match="markup"):
        authored.save(engine, survey.model_copy(update={"steps": steps}), library, edited_from=None)
    assert authored.list_surveys(engine, library)[-1].shipped  # nothing stored


def test_sessions_snapshot_an_authored_version_and_the_list_counts_them(engine, library) -> None:
    authored.save(engine, _copy(library), library, edited_from=None)
    snapshot = authored.snapshot(engine, library, "our-workshop")
    session = sessions.create_session(engine, snapshot)
    assert (session.survey_id, session.survey_version) == ("our-workshop", 1)
    later = snapshot.survey.model_copy(update={"title": "Changed"})
    authored.save(engine, later, library, edited_from=1)
    assert sessions.get_snapshot(engine, session.id).survey.title != "Changed"
    row = next(r for r in authored.list_surveys(engine, library) if r.survey_id == "our-workshop")
    assert (row.version, row.shipped, row.sessions_by_version) == (2, False, {1: 1})


def test_unknown_survey_is_named(engine, library) -> None:
    with pytest.raises(NotAuthored, match="no-such"):
        authored.snapshot(engine, library, "no-such")


LOCAL = Resources(
    heading="Where to find support",
    note="If you are in danger right now, call 112.",
    items=(
        Resource(name="Town clinic", description="Sexual health", contact="0123 456", hours="9-5"),
        Resource(name="Night line", description="Talk", contact="0800 1", text_or_chat="Chat"),
        Resource(name="Safe home", description="Abuse support", contact="0800 2", languages="EN"),
    ),
)


def test_saved_resources_are_the_default_for_new_sessions_only(engine, library) -> None:
    assert are_examples(authored_resources.for_new_sessions(engine, library))
    before = sessions.create_session(engine, authored.snapshot(engine, library, "first-look"))
    assert authored_resources.save(engine, LOCAL, edited_from=None) == 1
    resources = authored_resources.for_new_sessions(engine, library)
    assert resources == LOCAL and not are_examples(resources)
    after = authored.snapshot(engine, library, "first-look", resources)
    assert sessions.create_session(engine, after).id != before.id
    assert are_examples(sessions.get_snapshot(engine, before.id).resources)
    assert authored_resources.current(engine) == (1, LOCAL)


def test_a_second_resources_save_from_the_same_version_is_refused(engine) -> None:
    authored_resources.save(engine, LOCAL, edited_from=None)
    authored_resources.save(engine, LOCAL.model_copy(update={"heading": "Help"}), edited_from=1)
    with pytest.raises(EditConflict, match="Nothing was saved"):
        authored_resources.save(engine, LOCAL, edited_from=1)
    assert authored_resources.current(engine)[1].heading == "Help"


def test_the_resources_form_names_the_service_and_field() -> None:
    blank = dict.fromkeys(authored_resources.FIELDS, "")
    ok, problems = authored_resources.from_form(
        "Help", "", [{**blank, "name": "Clinic", "contact": "01"}, blank]
    )
    assert ok is not None and len(ok.items) == 1 and problems == []
    _, problems = authored_resources.from_form("Help", "", [{**blank, "description": "x"}])
    assert problems == ["Service 1 > Name: String should have at least 1 character"]
    _, problems = authored_resources.from_form("Help", "", [{**blank, "name": "[a](http://x)"}])
    assert problems and "markup" in problems[0]
    _, problems = authored_resources.from_form("Help", "", [blank])
    assert problems and problems[0].startswith("Services:")


def test_the_checklist_is_the_guide_section() -> None:
    from workshop.config import PROJECT_ROOT

    guide = (PROJECT_ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    text = authored_resources.checklist(guide)
    assert "Open now, or 24/7?" in text and "## A card" not in text


def test_a_set_for_one_session_is_offered_but_is_not_the_default(engine, library) -> None:
    assert authored_resources.save(engine, LOCAL, edited_from=None, for_default=False) == 1
    assert authored_resources.current(engine) == (1, None)  # edit from 1; no saved default
    assert are_examples(authored_resources.for_new_sessions(engine, library))
    assert authored_resources.for_one_session(engine) == {1: LOCAL}
    snapshot = authored.snapshot(engine, library, "first-look", LOCAL)
    session = sessions.create_session(engine, snapshot)
    assert sessions.get_snapshot(engine, session.id).resources == LOCAL
    with pytest.raises(EditConflict):  # another save since: the default save is refused
        authored_resources.save(engine, LOCAL, edited_from=None)
