"""The bibliography as data: CSL-JSON entries, cited from modules by key.

Modules list the keys they rely on under `sources:` and mark sentences that
state a figure with `[@key]` (or `[@a; @b]`). This module reads and checks
content/references.json and renders entries and markers as plain text; it
knows nothing about Streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workshop.i18n import _

# `[@key]` or `[@key1; @key2]`; keys are lower-case words, digits, - and _.
MARKER = re.compile(r"\[(@[a-z0-9_-]+(?:\s*;\s*@[a-z0-9_-]+)*)\]")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")

Entry = Mapping[str, Any]


@dataclass(frozen=True, order=True)
class ReferenceProblem:
    line: int
    message: str


def cited_keys(text: str) -> list[str]:
    """Every key in the inline markers of `text`, in order of appearance."""
    return [key.strip().lstrip("@") for m in MARKER.finditer(text) for key in m.group(1).split(";")]


def load_entries(text: str) -> tuple[dict[str, dict[str, Any]], list[ReferenceProblem]]:
    """Parse CSL-JSON (a list of entries); return entries by key and the problems found."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # json's own words (exc.msg) stay English, as pydantic's do.
        problem = _("this is not valid JSON: {problem}").format(problem=exc.msg)
        return {}, [ReferenceProblem(exc.lineno, problem)]
    if not isinstance(data, list):
        return {}, [ReferenceProblem(1, _("the file must be a JSON list of CSL-JSON entries"))]
    lines = _entry_lines(text)
    entries: dict[str, dict[str, Any]] = {}
    problems: list[ReferenceProblem] = []
    for index, entry in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(entry, dict):
            problem = _("entry {number} is not a JSON object").format(number=index + 1)
            problems.append(ReferenceProblem(line, problem))
            continue
        key = entry.get("id")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            problem = _("entry {number}: 'id' must be a lower-case key").format(number=index + 1)
            problems.append(ReferenceProblem(line, problem))
            continue
        if key in entries:
            problems.append(
                ReferenceProblem(line, _("entry '{key}' appears twice").format(key=key))
            )
            continue
        problems.extend(
            ReferenceProblem(line, _("entry '{key}': {problem}").format(key=key, problem=p))
            for p in entry_problems(entry)
        )
        entries[key] = entry
    return entries, problems


def key_lines(text: str) -> dict[str, int]:
    """Line of each entry by key, for messages about a whole entry (e.g. unused)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}
    lines = _entry_lines(text)
    return {
        entry["id"]: line
        for entry, line in zip(data if isinstance(data, list) else [], lines, strict=False)
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }


def entry_problems(entry: Entry) -> list[str]:
    """What an entry lacks to be traceable: a title and a DOI or URL.

    Authors, year, journal, volume and pages are given where they were verified;
    a detail that could not be checked is left out rather than guessed.
    """
    problems = []
    if not _text(entry.get("title")):
        problems.append(_("needs a 'title'"))
    if not (_text(entry.get("DOI")) or _text(entry.get("URL"))):
        problems.append(_("needs a 'DOI' or a 'URL' where readers can check it"))
    return problems


def _entry_lines(text: str) -> list[int]:
    """Line of each top-level entry's opening brace (the file is a list of objects)."""
    lines, depth, line = [], 0, 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                lines.append(line)
        elif char in "]}":
            depth -= 1
    return lines


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _year(entry: Entry) -> str:
    parts = (entry.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else "n.d."


def _name(author: Mapping[str, Any]) -> str:
    return str(author.get("literal") or author.get("family") or "")


def short_citation(entry: Entry) -> str:
    """In-text form: (Muise and colleagues, 2014), (Bird and Schweitzer, 2011)."""
    authors = list(entry.get("author") or [])
    if not authors:
        who = _text(entry.get("title-short")) or _text(entry.get("title"))
    elif len(authors) == 1 and _et_al(entry):
        who = f"{_name(authors[0])} and colleagues"
    elif len(authors) == 1:
        who = _name(authors[0])
    elif len(authors) == 2:
        who = f"{_name(authors[0])} and {_name(authors[1])}"
    else:
        who = f"{_name(authors[0])} and colleagues"
    return f"{who}, {_year(entry)}"


def _et_al(entry: Entry) -> bool:
    """Only the first author was verified; the others exist but are not listed."""
    return _text(entry.get("note")).startswith("et al.")


def _full_name(author: Mapping[str, Any]) -> str:
    if author.get("literal"):
        return str(author["literal"])
    given = " ".join(
        f"{part[0]}." for part in str(author.get("given", "")).replace(".", " ").split()
    )
    return f"{author.get('family', '')}, {given}".strip(", ")


def format_entry(entry: Entry) -> str:
    """One reference in APA-like plain text, with its DOI or URL."""
    names = [_full_name(a) for a in entry.get("author") or []]
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else ""
    if authors and _et_al(entry):
        authors += ", et al."
    raw = _text(entry.get("title"))
    title = raw if raw.endswith(("?", "!", ".")) else f"{raw}."
    # authors not verified: APA puts the title in the author's place
    lead = f"{authors} ({_year(entry)}). {title}" if authors else f"{raw} ({_year(entry)})."
    parts = [lead]
    container = _text(entry.get("container-title"))
    if container:
        where = container
        if entry.get("volume"):
            where += f", {entry['volume']}"
            if entry.get("issue"):
                where += f"({entry['issue']})"
        if entry.get("page"):
            where += f", {entry['page']}"
        parts.append(f"{where}.")
    if _text(entry.get("DOI")):
        parts.append(f"https://doi.org/{entry['DOI']}")
    elif _text(entry.get("URL")):
        parts.append(str(entry["URL"]))
        accessed = _date(entry.get("accessed"))
        if accessed:  # a web page can change: say when it said this
            parts.append(f"(accessed {accessed})")
    return " ".join(parts).strip()


def _date(value: object) -> str:
    """A CSL date as YYYY-MM-DD (or shorter), empty when absent."""
    parts = (value or {}).get("date-parts") if isinstance(value, dict) else None
    if not parts or not parts[0]:
        return ""
    return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0]))


def render_citations(text: str, entries: Mapping[str, Entry]) -> str:
    """Replace `[@key]` markers with "(Author, year)"; unknown keys stay visible."""

    def replace(match: re.Match[str]) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        if any(k not in entries for k in keys):
            return match.group(0)
        return "(" + "; ".join(short_citation(entries[k]) for k in keys) + ")"

    return MARKER.sub(replace, text)


def reference_list(keys: Iterable[str], entries: Mapping[str, Entry]) -> list[str]:
    """Formatted entries for `keys`, sorted like a reference list; unknown keys skipped."""
    found = [entries[k] for k in dict.fromkeys(keys) if k in entries]
    return sorted((format_entry(e) for e in found), key=str.casefold)


def module_text(
    body: str, sources: Iterable[str], entries: Mapping[str, Entry]
) -> tuple[str, list[str]]:
    """A module's body with "(Author, year)" citations, and its reference list.

    Sources that are not keys of `entries` (sessions stored before references
    became data held full citations there) are listed as written.
    """
    sources = list(sources)
    listed = reference_list(sources, entries)
    listed += [s for s in sources if s not in entries]
    return render_citations(body, entries), listed
