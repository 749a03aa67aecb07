"""The app under Streamlit's AppTest: one place that knows where app.py is."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
STAFF_PASSPHRASE = "a long test passphrase"  # set by the `staff_passphrase` fixture

# Every AppTest run scans the metadata of all installed packages for component manifests
# (about 0.5 s of CPU each time, most of an AppTest test). The installed packages do not
# change during a test run, so one scan per process is the same answer.
manifest_scanner.scan_component_manifests = cache(manifest_scanner.scan_component_manifests)


def app_test(script: str = APP, *, timeout: float = 30) -> AppTest:
    """An AppTest of `script` (app.py by default), not run yet."""
    return AppTest.from_file(script, default_timeout=timeout)


def app(**query: str) -> AppTest:
    """app.py opened at a URL with these query parameters, after its first run."""
    at = app_test()
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def log_in(at: AppTest, passphrase: str = STAFF_PASSPHRASE) -> AppTest:
    """Log in on the staff login page, in this AppTest's session."""
    at.switch_page("app_pages/facilitator_login.py").run()
    at.text_input(key="staff_passphrase").input(passphrase)
    return button(at, "Log in").click().run()


def button(at: AppTest, label: str) -> Any:
    """The first button labelled `label`."""
    return next(b for b in at.button if b.label == label)
