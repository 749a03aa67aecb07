"""The Spanish curriculum keeps the English one's rules, measured the Spanish way.

tests/test_curriculum.py checks the English texts; its Flesch-Kincaid grade
counts English syllables, so it stays on English. Here every shipped Spanish
module and item is checked with the Fernández Huerta reading ease (the
Spanish adaptation of Flesch's formula, on textstat's offline Spanish
hyphenation dictionary), and against its English original: the same
citations, the same figures, the private "try this" prompt, and about the
same length (no sentence dropped or added).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.test_curriculum import CONTENT, _plain
from workshop import references
from workshop.loading import ContentLibrary, load_content

_LIBRARY = load_content(CONTENT)
SPANISH_MODULES = sorted(_LIBRARY.translations.get("es") and _LIBRARY.translations["es"].modules)
SPANISH_SURVEYS = sorted(s for s, survey in _LIBRARY.surveys.items() if "es" in survey.languages)

# Fernández Huerta: 60-70 "normal", 70-80 "fairly easy", 80-90 "easy". The English
# modules' Flesch-Kincaid grades 5-10 sit at Flesch reading ease of about 60-90.
MODULE_EASE = (60.0, 90.0)
# Items are short: only the floor applies, as only the ceiling does for English items.
ITEM_EASE_FLOOR = 50.0
# Spanish runs about a tenth longer than English; far outside that, text was dropped or added.
LENGTH_RATIO = (0.95, 1.3)


def _ease(text: str) -> float:
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("es")  # Pyphen's es dictionary: offline
    return stats.fernandez_huerta(text)


def _figures(body: str) -> Counter[str]:
    """The numbers a text states, citations aside; 1,208 (English) and 1208 or 1.208 alike."""
    text = re.sub(r"\[@[^\]]*\]", "", body)
    text = re.sub(r"(?<=\d)[,. ](?=\d{3}\b)", "", text)
    return Counter(re.findall(r"\d+", text))


def _rendered(library: ContentLibrary, body: str) -> str:
    return _plain(references.render_citations(body, library.references))


def test_every_shipped_survey_and_module_is_in_spanish(library) -> None:
    assert set(SPANISH_SURVEYS) == set(library.surveys)  # every shipped survey
    assert set(SPANISH_MODULES) == set(library.modules)


@pytest.mark.parametrize("module_id", SPANISH_MODULES)
def test_spanish_module_keeps_citations_figures_and_the_private_prompt(library, module_id) -> None:
    english = library.modules[module_id].body
    spanish = library.translations["es"].modules[module_id].body
    assert Counter(references.cited_keys(spanish)) == Counter(references.cited_keys(english))
    assert _figures(spanish) == _figures(english), f"{module_id}: a figure differs"
    assert "**Prueba esto:**" in spanish
    assert "en privado" in spanish.split("**Prueba esto:**", 1)[1]


@pytest.mark.parametrize("module_id", SPANISH_MODULES)
def test_spanish_module_is_about_as_long_as_the_english(library, module_id) -> None:
    english = len(_rendered(library, library.modules[module_id].body).split())
    spanish = len(_rendered(library, library.translations["es"].modules[module_id].body).split())
    low, high = LENGTH_RATIO
    assert low <= spanish / english <= high, f"{module_id}: {spanish} words for {english}"


@pytest.mark.parametrize("module_id", SPANISH_MODULES)
def test_spanish_module_is_plain_language(library, module_id) -> None:
    ease = _ease(_rendered(library, library.translations["es"].modules[module_id].body))
    low, high = MODULE_EASE
    assert low <= ease <= high, f"{module_id}: Fernández Huerta {ease:.1f}"


@pytest.mark.parametrize("survey_id", SPANISH_SURVEYS)
def test_every_spanish_item_is_plain_language(library, survey_id) -> None:
    for item_id, item in library.translations["es"].surveys[survey_id].items.items():
        for text in filter(None, (item.text, item.help)):
            assert _ease(text) >= ITEM_EASE_FLOOR, f"{survey_id}/{item_id}: {text}"


@pytest.mark.parametrize("survey_id", SPANISH_SURVEYS)
def test_pre_and_post_twins_keep_one_spanish_wording(library, survey_id) -> None:
    texts = library.translations["es"].surveys[survey_id].items
    for question in library.surveys[survey_id].questions:
        twin = question.id.removesuffix("_post") + "_pre"
        if question.id.endswith("_post") and twin in texts and not twin.startswith("retro_"):
            post, pre = texts[question.id], texts[twin]
            assert (post.text, post.options, post.help) == (pre.text, pre.options, pre.help)


def test_the_spanish_check_tells_hard_text_from_easy() -> None:
    hard = (
        "Las alteraciones neuroendocrinológicas poscoitales, particularmente la elevación "
        "prolactinérgica, han sido hipotetizadas como sustratos fisiológicos subyacentes a "
        "la variabilidad interindividual de la experiencia afectiva subsiguiente."
    )
    easy = "Nos sentamos. Hacía frío. Tomé un té. Ella tomó otro. Luego dormimos."
    assert _ease(hard) < MODULE_EASE[0]
    assert _ease(easy) > MODULE_EASE[1]


def test_one_id_means_one_spanish_wording_in_every_survey(library) -> None:
    """As in English: a repeated item (pre/post, follow-up) reads the same everywhere."""
    seen: dict[str, tuple[str, ...]] = {}
    for survey_id in SPANISH_SURVEYS:
        for item_id, item in library.translations["es"].surveys[survey_id].items.items():
            wording = (item.text or "", *sorted(item.options.items()), item.help or "")
            wording = tuple(str(part) for part in wording)
            if item_id in seen:
                assert seen[item_id] == wording, f"{survey_id}/{item_id}"
            seen[item_id] = wording
