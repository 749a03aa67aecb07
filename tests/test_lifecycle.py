"""The data lifecycle registry (workshop/lifecycle.py) covers the schema, and the docs say what it does."""

from __future__ import annotations

from pathlib import Path

from workshop import lifecycle
from workshop.lifecycle import RULES, Effect
from workshop.schema import metadata

PRIVACY = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"


def test_every_table_of_the_schema_is_registered() -> None:
    assert set(metadata.tables) == {rule.name for rule in RULES}, (
        "A table on workshop.schema's MetaData is not in workshop/lifecycle.py's RULES "
        f"(or a registered table is gone): {lifecycle.unregistered()}. Say what withdrawal "
        "and the retention purge do to it."
    )
    assert len(RULES) == len(lifecycle.BY_NAME)  # each table once


def test_an_unregistered_table_is_caught(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import Column, Integer, MetaData, Table

    extra = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(extra)
    Table("new_participant_notes", extra, Column("id", Integer, primary_key=True))
    monkeypatch.setattr(lifecycle, "metadata", extra)
    assert lifecycle.unregistered() == ["new_participant_notes"]


def test_each_deletion_has_its_statements_and_only_deletions_have_them() -> None:
    for rule in RULES:
        assert (rule.withdrawal is Effect.deleted) == (rule.withdraw is not None), rule.name
        assert (rule.purge is Effect.deleted) == (rule.expire is not None), rule.name
        for statement in rule.withdraw(["0" * 32]) if rule.withdraw else ():
            assert str(statement).split()[0] in ("DELETE", "UPDATE"), rule.name
        for statement in rule.expire(1) if rule.expire else ():
            assert str(statement).split()[0] in ("DELETE", "UPDATE"), rule.name


def test_tables_with_a_participant_column_are_deleted_by_both() -> None:
    """A table that links rows to a participant can keep nothing after either erasure."""
    for rule in RULES:
        if any(column.name.endswith("participant_id") for column in rule.table.columns):
            assert rule.withdrawal is rule.purge is Effect.deleted, rule.name
        if rule.name == "participants":
            assert rule.withdrawal is rule.purge is Effect.deleted


def _table() -> str:
    lines = [
        "| table | what it holds | withdrawal | retention purge |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        lines.append(f"| `{rule.name}` | {rule.holds} | {rule.withdrawal} | {rule.purge} |")
    return "\n".join(lines)


def test_the_privacy_page_shows_the_registry() -> None:
    expected = _table()
    assert expected in PRIVACY.read_text(encoding="utf-8"), (
        "docs/privacy.md's lifecycle table differs from workshop/lifecycle.py; "
        f"paste this:\n{expected}"
    )
