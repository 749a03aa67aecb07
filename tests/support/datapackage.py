"""Check an export folder as a researcher's tools would: every CSV described, all valid."""

from __future__ import annotations

import json
from pathlib import Path

from frictionless import Package


def assert_every_csv_described_and_valid(folder: Path) -> None:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    written = {p.name for p in folder.glob("*.csv")}
    assert written == described, f"in the folder but not the codebook: {written - described}"
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
