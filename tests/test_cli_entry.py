"""The command line lives outside workshop/: `workshop`, `python -m workshop_cli` and the alias.

Every other test runs the command line in process (tests/support/cli.py); the smoke test
here runs the real `python -m workshop` once, in a process of its own.
"""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from workshop_cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent

# Importing every workshop/ module must load nothing from the layers above it.
_IMPORT_ALL = """
import importlib, pkgutil, sys, workshop
for found in pkgutil.iter_modules(workshop.__path__):
    if found.name != "__main__":  # only runs for `python -m workshop`
        importlib.import_module("workshop." + found.name)
above = sorted({m.split(".")[0] for m in sys.modules} & {"workshop_cli", "analysis", "ui", "streamlit"})
print(",".join(above))
"""

# What `workshop validate` must not load: it runs before every workshop, on any laptop.
HEAVY = ("pandas", "scipy", "altair", "streamlit", "analysis")


def _python(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_DATA_DIR": str(tmp_path / "data"), "LANG": "C"}
    for name in ("WORKSHOP_DATABASE_URL", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_workshop_imports_nothing_from_analysis_ui_or_the_cli(tmp_path: Path) -> None:
    result = _python("-c", _IMPORT_ALL, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.slow
def test_the_real_command_runs_in_its_own_process_without_heavy_imports(tmp_path: Path) -> None:
    """The one smoke test in a child process: the alias, as `make run` and a user call it."""
    alone = _python("-X", "importtime", "-m", "workshop", "validate", tmp_path=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout == run_cli("validate").stdout and alone.stdout.startswith("OK: ")
    imported = set(re.findall(r"^import time:.*\|\s+([\w.]+)$", alone.stderr, re.M))
    assert "workshop.loading" in imported  # the log is read (import_module calls are not in it)
    assert not {name.split(".")[0] for name in imported} & set(HEAVY)


def test_help_imports_no_command_group(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> None:
        raise AssertionError(f"--help imported {name}")

    monkeypatch.setattr(cli_main, "import_module", refuse)
    result = run_cli("--help")
    assert result.returncode == 0 and "haproxy-config" in result.stdout


def test_every_command_has_its_parser_in_its_group() -> None:
    groups: dict[str, set[str]] = {}
    for command, (group, _help) in cli_main.COMMANDS.items():
        groups.setdefault(group, set()).add(command)
    for group, commands in groups.items():
        module = import_module(f"workshop_cli.commands.{group}")
        assert set(module.PARSERS) == commands, group


@pytest.mark.slow
def test_the_alias_and_the_package_run_the_same_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WORKSHOP_DATABASE_URL", raising=False)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")  # English, as the outputs are compared with it
    outputs = []
    for package in ("workshop", "workshop_cli"):
        monkeypatch.setattr(sys, "argv", [package, "validate"])
        with pytest.raises(SystemExit) as exit:
            runpy.run_module(package, run_name="__main__", alter_sys=True)
        assert exit.value.code == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].startswith("OK: ")
    bad = run_cli("session", "open", "ZZZZZZ", data_dir=tmp_path / "data")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: ")


def test_installing_adds_a_workshop_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["workshop"] == "workshop_cli.main:main"
    assert {"workshop_cli", "workshop_cli.commands"} <= set(
        project["tool"]["setuptools"]["packages"]
    )
    module, _, function = project["project"]["scripts"]["workshop"].partition(":")
    assert callable(getattr(import_module(module), function))
