"""Safeguarding markers: what must be marked, what must not, and the list's own rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from workshop import safeguarding
from workshop.config import PROJECT_ROOT
from workshop.loading import ContentError, load_content

CONTENT = PROJECT_ROOT / "content"


@pytest.fixture(scope="module")
def marker() -> safeguarding.Marker:
    return safeguarding.load(CONTENT)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


# A module whose subject is distress itself names what the list looks for
# ("flashbacks"): a participant who writes those words should be marked, so
# this module is left out of the false-alarm check rather than the phrase.
# Modules whose subject is distress or harm name it on purpose (the harm module cites
# its sources by ids such as "nhs-sexual-assault"); every other text must mark nothing.
ABOUT_DISTRESS = {"trauma-informed-notes", "when-care-is-not-enough"}


def _shipped_texts() -> list[str]:
    library = load_content(CONTENT)
    library.raise_for_problems()
    modules = [m for m in library.modules.values() if m.id not in ABOUT_DISTRESS]
    texts = []
    spanish = library.translations["es"]
    translated = [m for key, m in spanish.modules.items() if key not in ABOUT_DISTRESS]
    models = [*library.surveys.values(), *modules, library.resources]
    models += [*spanish.surveys.values(), *translated, spanish.resources]
    for model in models:
        texts.extend(_strings(model.model_dump()))
    # modules are long: check them line by line too, for a readable failure
    for module in modules:
        texts.extend(line for line in module.body.splitlines() if line.strip())
    return texts


@pytest.mark.slow
def test_only_the_distress_module_is_left_out(marker) -> None:
    library = load_content(CONTENT)
    assert set(library.modules) >= ABOUT_DISTRESS
    body = library.modules["trauma-informed-notes"].body
    assert any(m.category == "distress" for m in marker.marks(body))  # why it is left out
    harm = library.modules["when-care-is-not-enough"].body
    assert {"abuse", "sexual_violence"} <= {m.category for m in marker.marks(harm)}


@pytest.mark.slow
def test_the_shipped_content_marks_nothing(marker) -> None:
    """Every question, option, module and resource text: the workshop's own words."""
    texts = _shipped_texts()
    assert len(texts) > 300  # the walk really reached the surveys and modules
    marked = {text[:80]: [m.category for m in marker.marks(text)] for text in texts}
    assert {t: c for t, c in marked.items() if c} == {}


BENIGN = [
    "I felt a bit sad after",
    "we hit the pillow and slept",
    "We hit it off straight away",
    "It hit me that I needed a hug",
    "She beat me at cards and we laughed",
    "That beats me, I never thought about it",
    "a choking hazard on the toy box",
    "A minor argument about the dishes",
    "I don't want to hurt them by asking",
    "When I said no, my partner stopped and we cuddled",
    "We talk about consent before anything happens",
    "I feel low sometimes but it passes",
    "Water, a blanket and quiet time",
    "Being held and hearing that it was good",
    "My partner checks in the next day",
    "I need space, then a cuddle",
    "History matters: what happened before shapes the after",
    "We argued and then apologised",
    "It was an intense scene, and aftercare made it feel safe",
    "Saying I'm glad we talked",
    "Drugstore snacks and a movie",
    "I was scared of spiders as a kid",
    "The age difference between us is fine",
    # Spanish: participants may write in it (docs/languages.md)
    "Me sentí un poco triste después",
    "Me pego a mi pareja y nos dormimos",
    "Voy a cortarme el pelo mañana",
    "Nos obligamos a hablar aunque cueste",
    "El ruido no me deja dormir",
    "Tan solo quiero un abrazo",
    "Hablamos del consentimiento antes",
    "Cuando dije que no, mi pareja paró y nos abrazamos",
    "Agua, una manta y un rato de calma",
    "Tenía algunas molestias al día siguiente",
]

MUST_MARK = [
    ("I want to kill myself", "self_harm"),
    ("sometimes I think about suicide", "self_harm"),
    ("I've been self-harming again", "self_harm"),
    ("I don’t want to live anymore", "self_harm"),
    ("Everyone would be better off without me", "self_harm"),
    ("He hits me when he's drunk", "abuse"),
    ("my partner hit me last week", "abuse"),
    ("I'm afraid of my partner", "abuse"),
    ("She won't let me see my friends", "abuse"),
    ("He choked me and I didn't want that", "abuse"),
    ("he threatened to leave if I talked about it", "abuse"),
    ("I was raped at a party", "sexual_violence"),
    ("He forced me and I froze", "sexual_violence"),
    ("I said no but he didn't stop", "sexual_violence"),
    ("It happened without my consent", "sexual_violence"),
    ("someone spiked my drink", "sexual_violence"),
    ("I'm going to hurt him when I see him", "risk_to_others"),
    ("my boyfriend is underage", "risk_to_others"),
    ("I feel hopeless after sex", "distress"),
    ("I CAN'T COPE", "distress"),
    ("I get flashbacks afterwards", "distress"),
    ("A veces pienso en el suicidio", "self_harm"),
    ("quiero morirme", "self_harm"),
    ("Mi pareja me pegó la semana pasada", "abuse"),
    ("Le tengo miedo a mi pareja", "abuse"),
    ("me controla el movil", "abuse"),
    ("Me violaron en una fiesta", "sexual_violence"),
    ("Dije que no pero siguió", "sexual_violence"),
    ("Pasó sin mi consentimiento", "sexual_violence"),
    ("me obligó y me quedé paralizada", "sexual_violence"),
    ("mi novio es menor de edad", "risk_to_others"),
    ("NO PUEDO MÁS", "distress"),
    ("me siento sin esperanza despues", "distress"),
    ("he was molested as a kid", "sexual_violence"),
    ("Me abusó sexualmente", "sexual_violence"),
]


@pytest.mark.parametrize("text", BENIGN)
def test_ordinary_answers_are_not_marked(marker, text) -> None:
    assert marker.marks(text) == ()


@pytest.mark.parametrize(("text", "category"), MUST_MARK)
def test_answers_that_may_need_care_are_marked(marker, text, category) -> None:
    assert category in [m.category for m in marker.marks(text)]


def test_a_mark_names_the_category_and_its_advice_never_the_words(marker) -> None:
    [mark] = marker.marks("I want to kill myself")
    assert mark.category == "self_harm"
    assert mark.label and mark.advice
    assert "kill" not in f"{mark.label} {mark.advice}".lower()
    assert set(vars(mark)) == {"category", "label", "advice"}


def test_every_category_has_a_label_and_advice(marker) -> None:
    ids = [m.category for m in marker.categories]
    assert {"self_harm", "abuse", "sexual_violence", "risk_to_others", "distress"} <= set(ids)
    assert all(len(m.advice) > 40 for m in marker.categories)


def test_matching_rules() -> None:
    marker = safeguarding.parse(
        "categories:\n  - {id: t, label: T, advice: A, phrases: ['self harm*', \"don't stop\"]}\n"
    )
    assert marker.marks("SELF-HARMING")
    assert marker.marks("dont stop") and marker.marks("don’t   stop")
    assert not marker.marks("myself harmless")  # whole words only
    assert not marker.marks("do not stop")


@pytest.mark.parametrize(
    ("phrases", "message"),
    [
        ("['hit*']", "too short before '*'"),
        ("['a*b']", "is not a word"),
        ("['  ']", "a phrase is empty"),
        ("['!!']", "is not a word"),
    ],
)
def test_bad_phrases_say_what_to_change(phrases, message) -> None:
    text = f"categories:\n  - {{id: t, label: T, advice: A, phrases: {phrases}}}\n"
    with pytest.raises(ContentError, match=message) as caught:
        safeguarding.parse(text, "safeguarding.yaml")
    assert str(caught.value).startswith("safeguarding.yaml:")


def test_repeated_category_ids_are_refused() -> None:
    text = (
        "categories:\n"
        "  - {id: t, label: T, advice: A, phrases: [one]}\n"
        "  - {id: t, label: T, advice: A, phrases: [two]}\n"
    )
    with pytest.raises(ContentError, match="repeated: t"):
        safeguarding.parse(text)


def test_a_content_folder_without_the_file_uses_the_shipped_list(tmp_path) -> None:
    marker = safeguarding.load(tmp_path)
    assert marker.marks("I want to kill myself")


def test_care_first_puts_marked_answers_first_and_keeps_the_rest_in_order(marker) -> None:
    from workshop.moderation import Status, TextAnswer, care_first

    texts = ["a hug", "I feel hopeless", "water", "I was raped", "quiet"]
    items = [TextAnswer(f"p{i}", "q", text, Status.pending) for i, text in enumerate(texts)]
    ordered = care_first(items, marker)
    assert [a.text for a, _ in ordered] == [
        "I feel hopeless",
        "I was raped",
        "a hug",
        "water",
        "quiet",
    ]
    assert [[m.category for m in marks] for _, marks in ordered][:2] == [
        ["distress"],
        ["sexual_violence"],
    ]
