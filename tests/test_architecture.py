"""The import graph runs one way: the import-linter contracts in pyproject.toml hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LINT = "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True))"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    # A child process, so the project root is the first entry on its path and
    # nothing this test session imported counts.
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_the_import_contracts_are_kept() -> None:
    result = _python(LINT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.slow
def test_workshop_and_analysis_import_without_streamlit() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("workshop", "analysis")
        for path in (ROOT / package).rglob("*.py")
        if path.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "False", "importing workshop/analysis loaded streamlit"
