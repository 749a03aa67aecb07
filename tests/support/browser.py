"""Playwright fixtures driving Debian's Chromium (playwright cannot download browsers here)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.server import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


# Test modules import `browser`, so pytest registers one session fixture per
# module; only one sync Playwright may run per thread, so they share one.
_shared: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    if not _shared:
        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        _shared["users"] = 0
    _shared["users"] = int(_shared["users"]) + 1  # type: ignore[call-overload]
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] = int(_shared["users"]) - 1  # type: ignore[call-overload]
        if not _shared["users"]:
            _shared["browser"].close()  # type: ignore[attr-defined]
            _shared["playwright"].stop()  # type: ignore[attr-defined]
            _shared.clear()
