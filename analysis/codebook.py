"""datapackage.json: a Frictionless Data Package (v2) describing every exported file.

Each field has its type, its label (the question as asked), its allowed codes
with their labels (`categories`), units, the item's flags and the missing-value
codes with what each one means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from analysis.export.columns import Column
from analysis.export.model import Missing

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


@dataclass(frozen=True)
class SimpleField:
    name: str
    type: str
    title: str
    description: str


def simple_fields(fields: Sequence[SimpleField]) -> list[dict[str, object]]:
    return [
        {"name": f.name, "type": f.type, "title": f.title, "description": f.description}
        for f in fields
    ]


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
