"""The Modules page's reading order, decided in workshop/ and tested without Streamlit."""

from __future__ import annotations

import dataclasses

from workshop.reading_order import READING_ORDER_SURVEY, reading_order


def test_the_full_workshop_order_comes_first_then_the_rest_by_title(library) -> None:
    order = [m.id for m in reading_order(library)]
    workshop = [m for m in library.surveys[READING_ORDER_SURVEY].module_ids if m in library.modules]
    assert order[: len(workshop)] == workshop
    rest = order[len(workshop) :]
    assert rest == sorted(rest, key=lambda m: library.modules[m].title)
    assert sorted(order) == sorted(library.modules)  # every module, once


def test_without_that_survey_every_module_is_ordered_by_title(library) -> None:
    no_workshop = dataclasses.replace(library, surveys={})
    titles = [m.title for m in reading_order(no_workshop)]
    assert titles == sorted(m.title for m in library.modules.values())
    assert len(titles) == len(library.modules)


def test_another_survey_can_set_the_order(library) -> None:
    survey_id, survey = next(
        (sid, s)
        for sid, s in sorted(library.surveys.items())
        if sid != READING_ORDER_SURVEY and s.module_ids
    )
    order = [m.id for m in reading_order(library, survey_id)]
    assert order[: len(survey.module_ids)] == list(survey.module_ids)
    assert sorted(order) == sorted(library.modules)
