"""The command line lives outside workshop/: `workshop`, `python -m aftercare` and the alias."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Importing every workshop/ module must load nothing from the layers above it.
_IMPORT_ALL = """
import importlib, pkgutil, sys, workshop
for found in pkgutil.iter_modules(workshop.__path__):
    if found.name != "__main__":  # only runs for `python -m workshop`
        importlib.import_module("workshop." + found.name)
above = sorted({m.split(".")[0] for m in sys.modules} & {"aftercare", "analysis", "ui", "streamlit"})
print(",".join(above))
"""


def _python(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_DATA_DIR": str(tmp_path / "data")}
    env.pop("WORKSHOP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_workshop_imports_nothing_from_analysis_ui_or_the_cli(tmp_path: Path) -> None:
    result = _python("-c", _IMPORT_ALL, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_alias_and_the_package_run_the_same_command(tmp_path: Path) -> None:
    alias = _python("-m", "workshop", "validate", tmp_path=tmp_path)
    direct = _python("-m", "aftercare", "validate", tmp_path=tmp_path)
    assert alias.returncode == direct.returncode == 0, alias.stderr + direct.stderr
    assert alias.stdout == direct.stdout and alias.stdout.startswith("OK: ")
    bad = _python("-m", "workshop", "session", "open", "ZZZZZZ", tmp_path=tmp_path)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: ")


def test_installing_adds_a_workshop_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["workshop"] == "aftercare.cli:main"
    assert "aftercare" in project["tool"]["setuptools"]["packages"]
    module, _, function = project["project"]["scripts"]["workshop"].partition(":")
    from importlib import import_module

    assert callable(getattr(import_module(module), function))
