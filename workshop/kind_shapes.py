"""The question kinds and what each is made of: the fields an author fills in.

This is the content model's half of the kind registry (workshop/kinds.py
holds the behaviour): the kind names, a human label, which options and which
optional fields apply. The Question model checks a question against its
shape, and a survey builder can lay out its form from the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workshop.i18n import N_, _, word_list


class QuestionKind(StrEnum):
    likert = "likert"
    single = "single"
    multiple = "multiple"
    number = "number"
    slider = "slider"
    ranking = "ranking"
    text = "text"
    words = "words"  # one to three short words or phrases, for a word cloud


WORDS_MAX = 3  # a words question asks for up to this many words or phrases
WORD_MAX_LENGTH = 40  # characters per word or phrase

# Optional Question fields that only some kinds take, in the order problems are reported.
NUMBER_FIELDS = ("unit", "min", "max", "step", "min_label", "max_label")
KIND_FIELDS = ("max_choices", *NUMBER_FIELDS, "integer", "max_length", "knowledge", "scale")


@dataclass(frozen=True)
class OptionRule:
    """How many options a kind needs, and what the author calls them."""

    what: str  # "options" or "labelled points" (marked with N_; shown with _())
    at_least: int = 0
    too_few: str = ""  # the problem when there are fewer than at_least (marked, as `what`)
    counts: tuple[int, ...] = ()  # allowed numbers of options, when only some are


@dataclass(frozen=True)
class KindShape:
    """What a question of one kind is made of."""

    label: str  # what a survey builder calls the kind (marked with N_; shown with _())
    noun: str  # in messages: "a single-choice question" (marked, as `label`)
    options: OptionRule | None = None  # None: the kind takes no options
    fields: frozenset[str] = frozenset()  # which of KIND_FIELDS apply
    numeric: bool = False  # the answer is a number (stored in the number column)
    bounds_required: bool = False  # both min and max must be given

    @property
    def choice(self) -> bool:
        """Answers are option codes (also stored one row per code)."""
        return self.options is not None


_NUMBER = frozenset({*NUMBER_FIELDS, "integer"})

SHAPES: dict[QuestionKind, KindShape] = {
    QuestionKind.likert: KindShape(
        N_("Agreement scale (likert)"),
        N_("likert"),
        OptionRule(N_("labelled points"), counts=(5, 7)),
        frozenset({"scale"}),
    ),
    QuestionKind.single: KindShape(
        N_("Single choice"),
        N_("single-choice"),
        OptionRule(N_("options"), 2, N_("a choice question needs at least 2 options")),
        frozenset({"knowledge"}),
    ),
    QuestionKind.multiple: KindShape(
        N_("Multiple choice"),
        N_("multiple-choice"),
        OptionRule(N_("options"), 2, N_("a choice question needs at least 2 options")),
        frozenset({"max_choices"}),
    ),
    QuestionKind.number: KindShape(N_("Number"), N_("number"), fields=_NUMBER, numeric=True),
    QuestionKind.slider: KindShape(
        N_("Slider"), N_("slider"), fields=_NUMBER, numeric=True, bounds_required=True
    ),
    QuestionKind.ranking: KindShape(
        N_("Ranking"),
        N_("ranking"),
        OptionRule(N_("options"), 2, N_("a ranking question needs at least 2 options to rank")),
    ),
    QuestionKind.text: KindShape(
        N_("Short free text"), N_("text"), fields=frozenset({"max_length"})
    ),
    QuestionKind.words: KindShape(N_("A few words (word cloud)"), N_("words")),
}

CHOICE_KINDS = frozenset(kind for kind, shape in SHAPES.items() if shape.choice)
NUMERIC_KINDS = frozenset(kind for kind, shape in SHAPES.items() if shape.numeric)


def taking(field: str) -> str:
    """The kinds a field applies to, as words in the language in use: "number and slider"."""
    return word_list([_(shape.noun) for shape in SHAPES.values() if field in shape.fields])
