"""Mark free text that may need care: distress, abuse, self-harm, a risk to someone.

The phrases live in content/safeguarding.yaml so educators can review and
edit them (the file documents the matching rules). A mark names only the
category that matched, for the advice shown to the facilitator; it never
records the text, the phrase or the writer, and nothing leaves the process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from workshop.config import PROJECT_ROOT
from workshop.content import Ident, Strict
from workshop.loading import ContentError, ContentProblem, _parse_yaml, _read_text, _validate

FILE_NAME = "safeguarding.yaml"
SHIPPED = PROJECT_ROOT / "content" / FILE_NAME
MIN_STEM = 4  # "suic*" is fine, "hit*" would mark "history"

_APOSTROPHES = "'\u2019\u2018\u02bc`"
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """Lower-case words with apostrophes removed ("Don’t" -> "dont")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    return _WORD.findall(text)


class Category(Strict):
    id: Ident
    label: str = Field(min_length=1, max_length=80)
    advice: str = Field(min_length=1, max_length=800)
    phrases: tuple[str, ...] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _phrases_are_usable(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            tokens = phrase.split()
            if not tokens:
                raise ValueError("a phrase is empty")
            for token in tokens:
                stem = token.removesuffix("*")
                if not _words(stem) or len(_words(stem)) != 1 or "*" in stem:
                    raise ValueError(
                        f"phrase '{phrase}': '{token}' is not a word (use letters, "
                        "and '*' only at the end of a word)"
                    )
                if token.endswith("*") and len(_words(stem)[0]) < MIN_STEM:
                    raise ValueError(
                        f"phrase '{phrase}': '{token}' is too short before '*' (at least "
                        f"{MIN_STEM} letters, or it would mark many ordinary words)"
                    )
        return phrases


class SafeguardingList(Strict):
    categories: tuple[Category, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> SafeguardingList:
        ids = [c.id for c in self.categories]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"category ids must be unique; repeated: {', '.join(repeated)}")
        return self


@dataclass(frozen=True)
class Mark:
    """What the moderation page shows: the category, never the matching words."""

    category: str
    label: str
    advice: str


def _pattern(phrase: str) -> str:
    parts = []
    for token in phrase.split():
        word = _words(token.removesuffix("*"))[0]
        parts.append(re.escape(word) + (r"\w*" if token.endswith("*") else ""))
    return r"\b" + " ".join(parts) + r"\b"


class Marker:
    """Compiled once per list; `marks` is a pure function of the text."""

    def __init__(self, spec: SafeguardingList) -> None:
        self._rules = [
            (
                Mark(c.id, c.label, c.advice),
                re.compile("|".join(f"(?:{_pattern(p)})" for p in c.phrases)),
            )
            for c in spec.categories
        ]

    @property
    def categories(self) -> tuple[Mark, ...]:
        return tuple(mark for mark, _ in self._rules)

    def marks(self, text: str) -> tuple[Mark, ...]:
        """The categories whose phrases occur in `text`, in the file's order."""
        normalised = " ".join(_words(text))
        return tuple(mark for mark, rule in self._rules if rule.search(normalised))


def parse(text: str, file: str = f"<{FILE_NAME}>") -> Marker:
    return Marker(_validate(SafeguardingList, _parse_yaml(text, file), file))


def load(content_dir: Path | str | None = None) -> Marker:
    """The content folder's list, else the shipped one; ContentError if it is broken."""
    path = Path(content_dir) / FILE_NAME if content_dir is not None else SHIPPED
    if not path.exists():
        path = SHIPPED
    if not path.exists():
        raise ContentError([ContentProblem(str(path), 1, "the safeguarding list is missing")])
    return parse(_read_text(path), str(path))
