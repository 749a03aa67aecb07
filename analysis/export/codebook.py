"""datapackage.json: a Frictionless Data Package (v2) describing every exported file.

Each field has its type, its label (the question as asked), its allowed codes
with their labels (`categories`), units, the item's flags and the missing-value
codes with what each one means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from analysis.dataset import Missing

from .columns import Column
from .tables import (
    FOREST_FIELDS,
    ITEM_STATS_FIELDS,
    MATCH_FIELDS,
    PREPOST_FIELDS,
    SESSIONS_FIELDS,
    SUMMARY_FIELDS,
    WAVE_FIELDS,
    Field,
    long_fields,
)

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "header": True, "lineTerminator": "\r\n"}


def missing_values() -> list[dict[str, str]]:
    return [{"value": code.value, "label": code.label} for code in Missing]


def field_descriptor(column: Column) -> dict[str, object]:
    field: dict[str, object] = {
        "name": column.name,
        "type": column.type,
        "title": column.title,
        "description": column.description,
    }
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if column.categories:
        field["categories"] = [{"value": v, "label": label} for v, label in column.categories]
    constraints: dict[str, object] = {}
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = _number(column.minimum, column.type)
    if column.maximum is not None:
        constraints["maximum"] = _number(column.maximum, column.type)
    if constraints:
        field["constraints"] = constraints
    if column.unit:
        field["unit"] = column.unit
    if column.item_id:
        field["item"] = column.item_id
    if column.option:
        field["option"] = column.option
    if column.flags:
        field["flags"] = dict(column.flags)
    return field


def _number(value: float, kind: str) -> float | int:
    return int(value) if kind == "integer" else value


def resource(
    name: str, path: str, title: str, description: str, fields: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "$schema": RESOURCE_PROFILE,
        "name": name,
        "path": path,
        "type": "table",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": CSV_DIALECT,
        "schema": {"fields": fields, "missingValues": missing_values()},
    }


def package(
    *,
    sessions: Sequence[str],
    k: int,
    resources: list[dict[str, object]],
    created: date,
    include_text: bool,
) -> dict[str, object]:
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "aftercare-workshop-export",
        "title": "Aftercare workshop: anonymized responses",
        "description": (
            "Anonymized answers from the workshop sessions listed under 'sessions'. "
            "See ANONYMIZATION.md for what was removed or changed. Missing-value codes "
            "(schema.missingValues) say why a value is absent; withdrawn participants "
            "have no rows at all."
        ),
        "created": f"{created.isoformat()}T00:00:00Z",  # the day only, never the time
        "sessions": list(sessions),
        "disclosureControl": {
            "k": k,
            "freeTextIncluded": include_text,
            "participantIds": "random, new for every export",
        },
        "resources": resources,
    }


def table_fields(table: Sequence[Field]) -> list[dict[str, object]]:
    return [f.descriptor() for f in table]


def export_package(
    *, columns: Sequence[Column], sessions: Sequence[str], k: int, created: date, include_text: bool
) -> dict[str, object]:
    """The datapackage.json of one export: its four CSV tables and what each field means."""
    return package(
        sessions=sessions,
        k=k,
        created=created,
        include_text=include_text,
        resources=[
            resource(
                "responses_wide",
                "responses_wide.csv",
                "Responses, one row per participant",
                "One column per item; multiple choice as one 0/1 column per option "
                "(item__option); ranking as one rank column per option.",
                [field_descriptor(c) for c in columns],
            ),
            resource(
                "responses_long",
                "responses_long.csv",
                "Responses, one row per value",
                "The same values as responses_wide.csv, one row per participant and column.",
                table_fields(long_fields(sessions)),
            ),
            resource(
                "summary",
                "summary.csv",
                "Counts and percentages per item and option",
                f"Small-cell suppression with k = {k}.",
                table_fields(SUMMARY_FIELDS),
            ),
            resource(
                "prepost",
                "prepost.csv",
                "Pre/post change per construct",
                f"Paired comparison; withheld when fewer than k = {k} pairs.",
                table_fields(PREPOST_FIELDS),
            ),
        ],
    )


def optional_resources(files: Mapping[str, bytes], k: int) -> list[dict[str, object]]:
    """Codebook entries of the tables only some exports have (several sessions, follow-ups).

    An empty cell in them means "no figure" (fewer than k, or not applicable).
    """
    tables = [
        (
            "sessions",
            "sessions.csv",
            "Sessions in this export",
            "One row per session: counts of people only.",
            SESSIONS_FIELDS,
        ),
        (
            "forest",
            "forest.csv",
            "Before/after change per session, and pooled",
            f"Per construct: each session's mean change (empty with fewer than k = {k} "
            "pairs), then the DerSimonian-Laird random-effects estimate.",
            FOREST_FIELDS,
        ),
        (
            "item_stats",
            "item_stats.csv",
            "Item statistics: difficulty, discrimination, KR-20, Cronbach's alpha",
            "Per knowledge item and multi-item likert scale, by phase (retrospective "
            "'before' ratings apart from the pre-test). A figure resting on fewer than "
            f"k = {k} participants, a difficulty that would show fewer than k right or "
            "wrong (or counts summary.csv hides), and an n that would show fewer than k "
            "left out are empty, with the reason. See ANONYMIZATION.md.",
            ITEM_STATS_FIELDS,
        ),
        (
            "waves",
            "waves.csv",
            "Workshop and follow-up, linked by code",
            f"One row per linked person and repeated item; no rows with fewer than k = {k} "
            "linked people. See WAVES.md.",
            WAVE_FIELDS,
        ),
        (
            "waves_match",
            "waves_match.csv",
            "How many people were linked",
            "One row per follow-up session whose workshop is in this export.",
            MATCH_FIELDS,
        ),
    ]
    out = []
    for name, path, title, description, fields in tables:
        if path in files:
            entry = resource(name, path, title, description, table_fields(fields))
            schema = entry["schema"]
            assert isinstance(schema, dict)
            schema["missingValues"] = [{"value": "", "label": "No figure"}, *missing_values()]
            out.append(entry)
    return out
