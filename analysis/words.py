"""Words for word clouds: normalize, filter, count once per participant, apply k.

Pure functions, no database and no Streamlit. A `words` answer is a list of
one to three short words or phrases, each counted as one term; a `text`
answer is free prose, counted word by word. Each term counts at most once per
participant, and a cloud shows only terms at least k different participants
gave (rule 5 in analysis/disclosure).

Normalization, in order: Unicode NFKC and case folding; punctuation dropped
(apostrophes and hyphens inside a word are kept); stop words dropped (the
`stop-words` package's list for the survey's language); English plurals made
singular with `inflect`, only where the singular turns back into the same
plural (so "hugs" becomes "hug" but "focus" stays "focus"); a term with a word
on `better-profanity`'s list of swear words and slurs is dropped, except for
the plain anatomical, sexual-health and identity words in ALLOWED that a
workshop on this subject needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from analysis import kinds
from analysis.disclosure import held_back_terms, shown_terms
from analysis.kinds import Terms
from workshop.content import QuestionKind
from workshop.i18n import _, ngettext

CLOUD_KINDS = kinds.kinds_where(lambda kind: kind.cloud)
MAX_TERM_WORDS = 4  # a longer "phrase" in a words answer is cut to its first four words

# Flagged by better-profanity, but the subject of the workshop: a participant
# writing "queer", "sex" or "orgasm" is not swearing. Anything else the room
# should not see, the facilitator hides from the cloud.
ALLOWED = frozenset(
    {
        "anal",
        "bdsm",
        "bondage",
        "breast",
        "breasts",
        "drunk",
        "gay",
        "kink",
        "kinky",
        "lesbian",
        "lube",
        "masturbation",
        "naked",
        "nipple",
        "nipples",
        "nude",
        "orgasm",
        "orgasms",
        "penis",
        "queer",
        "sex",
        "sexual",
        "vagina",
        "vulva",
    }
)

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@dataclass(frozen=True)
class Cloud:
    """What a display may show of one question's words (already through the k threshold)."""

    k: int
    terms: tuple[tuple[str, int], ...]  # (term, participants), most given first
    below_k: int  # how many other terms were each given by fewer than k participants

    def counts(self) -> dict[str, int]:
        return dict(self.terms)


@dataclass(frozen=True)
class WordFrequency:
    """One row of a word-frequency table (for summary.csv): only terms given by at least k."""

    item_id: str
    word: str
    participants: int


def _bases(language: str) -> list[str]:
    """ "en", "es-MX" or several at once, "en,es" (a survey participants answer in both)."""
    return [code.strip().split("-")[0].lower() for code in language.split(",") if code.strip()]


@cache
def _stop_words(language: str) -> frozenset[str]:
    from stop_words import safe_get_stop_words

    return frozenset(w.casefold() for base in _bases(language) for w in safe_get_stop_words(base))


@cache
def _profanity():  # type: ignore[no-untyped-def]
    from better_profanity import Profanity

    checker = Profanity()
    checker.load_censor_words(whitelist_words=sorted(ALLOWED))
    return checker


@cache
def _inflect():  # type: ignore[no-untyped-def]
    import inflect

    return inflect.engine()


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """The singular of an English plural noun; any other word unchanged."""
    if len(word) < 4 or not word.isalpha():
        return word
    engine = _inflect()
    one = engine.singular_noun(word)
    if not one or one == word or engine.plural_noun(one) != word:
        return word
    if word.endswith(("us", "ss", "is", "os")):  # focus, glass, analysis: not plurals
        return word
    return str(one)


def tokens(text: str) -> list[str]:
    """Lower-case words of `text`, punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _WORD.findall(folded)


def is_offensive(text: str) -> bool:
    return bool(_profanity().contains_profanity(text))


@lru_cache(maxsize=65536)  # every refresh recounts the same answers
def normalize_term(text: str, language: str = "en") -> str | None:
    """One word or short phrase as it is counted, or None when nothing countable is left."""
    stop = _stop_words(language)
    words = [w for w in tokens(text) if w not in stop and len(w) > 1]
    if not words or is_offensive(text) or is_offensive(" ".join(words)):
        return None
    if "en" in _bases(language):
        words = [singular(w) for w in words]
    return " ".join(words[:MAX_TERM_WORDS])


def terms(kind: QuestionKind, value: object, language: str = "en") -> set[str]:
    """The distinct terms in one participant's answer."""
    rule = kinds.spec(kind).terms
    if rule is Terms.phrases:
        phrases = value if isinstance(value, list) else []
        found = (normalize_term(p, language) for p in phrases if isinstance(p, str))
    elif rule is Terms.tokens and isinstance(value, str):
        found = (normalize_term(w, language) for w in tokens(value))
    else:
        return set()
    return {t for t in found if t}


def count_terms(
    kind: QuestionKind, answers: Iterable[object], language: str = "en"
) -> Counter[str]:
    """How many participants gave each term; `answers` holds one answer per participant."""
    counted: Counter[str] = Counter()
    for value in answers:
        counted.update(terms(kind, value, language))  # a set: once per participant
    return counted


def threshold(counts: dict[str, int], k: int, *, held_back: int = 0) -> Cloud:
    """Keep only terms given by at least k participants, most given first, then A to Z.

    `held_back` counts terms a stored batch already dropped (analysis/live/batches.py).
    """
    return Cloud(k, tuple(shown_terms(counts, k)), held_back_terms(counts, k) + held_back)


def without(cloud: Cloud, hidden: Iterable[str]) -> Cloud:
    """The cloud less the terms a facilitator hid (moderation; no answer is deleted)."""
    gone = {h.casefold() for h in hidden}
    return replace(cloud, terms=tuple((t, n) for t, n in cloud.terms if t not in gone))


def below_k_line(cloud: Cloud) -> str | None:
    """The sentence every display uses for the words it leaves out."""
    n = cloud.below_k
    if not n:
        return None
    return ngettext(
        "{n} more word was given by fewer than {k} people.",
        "{n} more words were each given by fewer than {k} people.",
        n,
    ).format(n=n, k=cloud.k)


def cloud_notes(cloud: Cloud) -> list[str]:
    """The lines under a cloud, worded the same on the projector and on phones."""
    none = _("No word has been given by {k} or more people yet.").format(k=cloud.k)
    lines = [] if cloud.terms else [none]
    below = below_k_line(cloud)
    return lines + ([below] if below else [])


def word_frequencies(
    item_id: str,
    kind: QuestionKind,
    answers: Iterable[object],
    k: int,
    *,
    language: str = "en",
    hidden: Iterable[str] = (),
) -> list[WordFrequency]:
    """Rows for a word-frequency table: terms given by at least k participants, most first."""
    cloud = without(threshold(count_terms(kind, answers, language), k), hidden)
    return [WordFrequency(item_id, term, n) for term, n in cloud.terms]
