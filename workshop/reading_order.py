"""The order the Modules page lists modules in.

The full workshop survey's order is the intended reading order; modules it
does not use follow, sorted by title.
"""

from __future__ import annotations

from workshop.content import Module
from workshop.loading import ContentLibrary

READING_ORDER_SURVEY = "aftercare-workshop"


def reading_order(
    library: ContentLibrary, survey_id: str = READING_ORDER_SURVEY
) -> tuple[Module, ...]:
    """Every module of `library` once: `survey_id`'s modules in its order, then the rest by title."""
    survey = library.surveys.get(survey_id)
    ordered = list(
        dict.fromkeys(m for m in (survey.module_ids if survey else ()) if m in library.modules)
    )
    rest = sorted(
        (m for m in library.modules if m not in ordered), key=lambda m: library.modules[m].title
    )
    return tuple(library.modules[m] for m in [*ordered, *rest])
