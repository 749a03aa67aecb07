"""Disclosure control for exports: scrub free text, neutralize spreadsheet
formulas, make quasi-identifiers k-anonymous, re-key participants.

Pure functions over plain values; nothing here touches the database.
"""

from __future__ import annotations

import random
import re
import secrets
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import phonenumbers

from analysis.disclosure import identifies, is_small, shortfall, surplus

# --- free text -----------------------------------------------------------------

# Local part: every character RFC 5322 allows unquoted; also "name (at) host.org".
EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}",
    re.UNICODE,
)
_URL_TAIL = r"(?:[^\s<>\"]*[^\s<>\".,;:!?)\]'])?"  # a link never ends on punctuation
URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)"
    + _URL_TAIL
    + r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|io|me|co|app|dev|ly|gg|tv|xyz|online|site|"
    r"link|page|social|chat|de|uk|fr|nl|be|es|it|ch|at|se|no|dk|fi|pl|ie|us|ca|au|nz)"
    r"\b(?:/" + _URL_TAIL + ")?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# Any run of 7 or more digits, possibly split by spaces, dots, dashes, slashes
# or brackets: catches numbers phonenumbers cannot place in a region.
DIGIT_RUN = re.compile(r"\+?\(?\d(?:[\s./()\-]{0,3}\d){6,}\)?")
PHONE_REGIONS = ("GB", "US", "DE", "FR", "NL", "ES", "IT", "AU", "IN", "BR")

PLACEHOLDERS = {
    "email": "[email]",
    "url": "[link]",
    "handle": "[handle]",
    "phone": "[phone]",
}


@dataclass
class ScrubCounts:
    email: int = 0
    url: int = 0
    handle: int = 0
    phone: int = 0

    def add(self, other: ScrubCounts) -> None:
        for name in ("email", "url", "handle", "phone"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return self.email + self.url + self.handle + self.phone


def _replace(pattern: re.Pattern[str], kind: str, text: str, counts: ScrubCounts) -> str:
    text, found = pattern.subn(PLACEHOLDERS[kind], text)
    setattr(counts, kind, getattr(counts, kind) + found)
    return text


def _phones(text: str, counts: ScrubCounts) -> str:
    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID):
            spans.add((match.start, match.end))
    # Replace from the end so earlier offsets stay valid; skip overlaps.
    last_start = len(text) + 1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1]), reverse=True):
        if end > last_start:
            continue
        text = text[:start] + PLACEHOLDERS["phone"] + text[end:]
        counts.phone += 1
        last_start = start
    return _replace(DIGIT_RUN, "phone", text, counts)


def scrub_text(text: str) -> tuple[str, ScrubCounts]:
    """Replace e-mail addresses, links, @handles and phone numbers by placeholders."""
    counts = ScrubCounts()
    text = _replace(EMAIL, "email", text, counts)
    text = _replace(URL, "url", text, counts)
    text = _replace(HANDLE, "handle", text, counts)
    text = _phones(text, counts)
    return text, counts


# --- spreadsheet formula injection ---------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def neutralize(cell: str) -> tuple[str, bool]:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula.

    A plain negative number such as "-3" is left alone: it cannot call a function,
    and quoting it would turn a number column into text.
    """
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell, True
    return cell, False


def is_safe_cell(cell: str) -> bool:
    return not cell.startswith(FORMULA_STARTS) or bool(_PLAIN_NUMBER.match(cell))


# --- participant ids -----------------------------------------------------------


def new_ids(count: int) -> list[str]:
    """Fresh random ids, unrelated to the database's; a new set for every export."""
    ids: set[str] = set()
    while len(ids) < count:
        ids.add("p" + secrets.token_hex(6))
    return list(ids)


# --- k-anonymity over quasi-identifiers ----------------------------------------


@dataclass
class Generalization:
    """How one quasi-identifier's values were grouped: ordered groups of original values."""

    item_id: str
    groups: list[list[Hashable]]

    @property
    def merged(self) -> bool:
        return any(len(g) > 1 for g in self.groups)

    def group_of(self, value: Hashable) -> int | None:
        lookup = self.__dict__.get("_lookup")
        if lookup is None:
            lookup = {v: i for i, g in enumerate(self.groups) for v in g}
            self.__dict__["_lookup"] = lookup
        try:
            return lookup.get(value)
        except TypeError:  # unhashable values never belong to a group
            return None


@dataclass
class KAnonymityResult:
    generalizations: dict[str, Generalization]
    suppressed_rows: set[int] = field(default_factory=set)
    dropped_rows: set[int] = field(default_factory=set)  # in a session of fewer than k
    changed_values: int = 0  # values replaced by a merged group
    suppressed_values: int = 0  # values replaced by SUPPRESSED


def _combos(
    rows: Sequence[tuple[Hashable, dict[str, Hashable]]],
    gens: dict[str, Generalization],
    skip: set[int],
) -> list[tuple[Hashable, ...] | None]:
    keys: list[tuple[Hashable, ...] | None] = []
    for index, (stratum, values) in enumerate(rows):
        if index in skip:
            keys.append(None)
            continue
        key: list[Hashable] = [stratum]
        for item_id, gen in gens.items():
            value = values[item_id]
            group = gen.group_of(value)
            key.append(("g", group) if group is not None else ("v", value))
        keys.append(tuple(key))
    return keys


SUPPRESSION_WEIGHT = 2.0


def _deficit(keys: list[tuple[Hashable, ...] | None], k: int) -> int:
    """How many more members the combinations below k would need: falls with every
    merge of two small combinations, even while both are still below k."""
    counts = Counter(key for key in keys if key is not None)
    return sum(shortfall(n, k) for n in counts.values())


def _suppression(
    rows: Sequence[tuple[Hashable, dict[str, Hashable]]],
    gens: dict[str, Generalization],
    k: int,
    pick: random.Random | None = None,
) -> tuple[set[int], set[int]]:
    """Rows to mark SUPPRESSED and rows to drop, so that every published group has k.

    Whoever is in a combination below k is suppressed. The suppressed rows of a
    session are a group of their own (all quasi-identifiers SUPPRESSED), so it
    must hold k rows too: if it is short, rows a larger combination can spare are
    added to it (chosen at random), else the smallest combination joins it whole.
    A session with fewer than k rows cannot form any group of k: it is dropped.
    """
    keys = _combos(rows, gens, set())
    counts = Counter(keys)
    suppressed = {i for i, key in enumerate(keys) if is_small(counts[key], k)}
    dropped: set[int] = set()
    strata: dict[Hashable, list[int]] = {}
    for index, (stratum, _) in enumerate(rows):
        strata.setdefault(stratum, []).append(index)
    for members in strata.values():
        if is_small(len(members), k):
            dropped.update(members)
            suppressed.difference_update(members)
            continue
        held = sum(1 for i in members if i in suppressed)
        if not identifies(held, k):
            continue  # nobody suppressed here, or already a group of k
        short = shortfall(held, k)
        classes: dict[Hashable, list[int]] = {}
        for i in members:
            if i not in suppressed:
                classes.setdefault(keys[i], []).append(i)
        spare = sum(surplus(len(c), k) for c in classes.values())
        if spare >= short:
            chooser = pick or random.SystemRandom()
            # Any row of a combination may go: they all look the same in the file.
            taken: list[int] = []
            for c in sorted(classes.values(), key=len, reverse=True):
                room = surplus(len(c), k)
                take = min(room, short - len(taken))
                if take > 0:
                    taken += chooser.sample(c, take)
            suppressed.update(taken)
        else:
            smallest = min(classes.values(), key=len)
            suppressed.update(smallest)
    return suppressed, dropped


def _loss(
    rows: Sequence[tuple[Hashable, dict[str, Hashable]]],
    gens: dict[str, Generalization],
    k: int,
) -> tuple[float, int]:
    """Information lost: for a generalized value, the share of its item's values it was
    merged with (0 = kept exact, 1 = merged with all); a suppressed value counts 2,
    since suppression always hits the rarest groups and so biases every analysis.
    Then the number of participants suppressed, to prefer keeping people on ties."""
    suppressed_rows, _ = _suppression(rows, gens, k, random.Random(0))
    loss = 0.0
    suppressed = 0
    for index, (_, values) in enumerate(rows):
        if index in suppressed_rows:
            loss += SUPPRESSION_WEIGHT * len(gens)
            suppressed += 1
            continue
        for item_id, gen in gens.items():
            size = sum(len(g) for g in gen.groups)
            group = gen.group_of(values[item_id])
            if group is not None and size > 1:
                loss += (len(gen.groups[group]) - 1) / (size - 1)
    return round(loss, 9), suppressed


def _merged(gen: Generalization, left: int) -> Generalization:
    groups = [list(g) for g in gen.groups]
    groups[left : left + 2] = [groups[left] + groups[left + 1]]
    return Generalization(gen.item_id, groups)


def k_anonymize(
    rows: Sequence[tuple[Hashable, dict[str, Hashable]]],
    domains: dict[str, list[Hashable]],
    k: int,
) -> KAnonymityResult:
    """Group adjacent values, then suppress, until every combination occurs >= k times.

    rows: (stratum, {item_id: value}) per participant; the stratum (the session)
    is part of every combination and is never generalized. domains: the ordered
    values each item may take; values outside it (missing codes, unordered
    answers) can only be suppressed.

    Greedy path: each step merges the adjacent pair of groups that most reduces
    the shortfall of the combinations below k per participant whose value it
    coarsens, until no merge helps. Of all the states on that path, the one that
    loses the least information (generalized values weighted by how coarse they
    became, suppressed values counted in full) is kept; whoever is still in a
    combination below k then has all quasi-identifiers suppressed, and the
    suppressed rows of each session are made a group of k as well (_suppression).
    Rows of a session with fewer than k participants are returned in dropped_rows.
    """
    gens = {item: Generalization(item, [[v] for v in domain]) for item, domain in domains.items()}
    path = [dict(gens)]
    current = _deficit(_combos(rows, gens, set()), k)
    while current:
        best: tuple[float, int, str, int] | None = None
        for item_id, gen in gens.items():
            sizes = Counter(gen.group_of(values[item_id]) for _, values in rows)
            for left in range(len(gen.groups) - 1):
                trial = {**gens, item_id: _merged(gen, left)}
                score = _deficit(_combos(rows, trial, set()), k)
                gain = current - score
                if gain <= 0:
                    continue
                ratio = gain / max(sizes[left] + sizes[left + 1], 1)
                if best is None or ratio > best[0]:
                    best = (ratio, score, item_id, left)
        if best is None:
            break
        _, current, item_id, left = best
        gens[item_id] = _merged(gens[item_id], left)
        path.append(dict(gens))
    losses = [_loss(rows, state, k) for state in path]
    gens = path[losses.index(min(losses))]  # earliest (least generalized) on ties
    result = KAnonymityResult(generalizations=gens)
    result.suppressed_rows, result.dropped_rows = _suppression(rows, gens, k)
    for index, (_, values) in enumerate(rows):
        if index in result.dropped_rows:
            continue
        for item_id, gen in gens.items():
            if index in result.suppressed_rows:
                result.suppressed_values += 1
            else:
                group = gen.group_of(values[item_id])
                if group is not None and len(gen.groups[group]) > 1:
                    result.changed_values += 1
    return result
