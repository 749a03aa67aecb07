"""The app under Streamlit's AppTest: one place that knows where app.py is."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app_test(script: str = APP, *, timeout: float = 30) -> AppTest:
    """An AppTest of `script` (app.py by default), not run yet."""
    return AppTest.from_file(script, default_timeout=timeout)


def app(**query: str) -> AppTest:
    """app.py opened at a URL with these query parameters, after its first run."""
    at = app_test()
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()
