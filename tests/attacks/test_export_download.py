"""Issue 23 point 6: the export zip was still served at least 240 s after its tab closed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from loadtest import launch
from loadtest.client import run_sync
from loadtest.facilitator import facilitator_view
from tests.support.downloads import deferred_url, http_status
from ui.shared.streamlit_patches import SWEEP_SECONDS
from workshop import db, migrate, participants, sessions
from workshop.loading import ContentLibrary

PASSPHRASE = "export download passphrase"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Iterator[Any]:
    directory = tmp_path_factory.mktemp("export-download")
    url = f"sqlite:///{directory / 'workshop.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    for _ in range(3):
        participants.join(engine, session.code, consented=True)
    env = {"WORKSHOP_DATABASE_URL": url, "WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    running = launch.start("app.py", log_dir=directory, env=env)
    try:
        yield running, session.code
    finally:
        running.stop()


def test_the_export_zip_is_gone_soon_after_its_tab_closes(server) -> None:
    running, code = server

    async def scenario() -> str:
        staff = await facilitator_view(running.url, PASSPHRASE, "export", code)
        chooser = next(e for e in staff.page.widgets() if e.kind == "multiselect")
        wanted = next(i for i, o in enumerate(chooser.options) if code in o)
        staff._pending.setdefault(chooser.form_id, {})[chooser.widget_id] = wanted
        await staff.click(label="Prepare export")
        download = next(e for e in staff.page.widgets() if e.kind == "download_button")
        assert not download.proto.url, "the zip is not served before it is asked for"
        address = await deferred_url(staff, download.proto.deferred_file_id)
        await staff.close()  # the researcher closes the tab (no log-out)
        return running.url.rstrip("/") + address

    address = run_sync(scenario())
    assert http_status(address) == 200, "the download works right after the click"
    deadline = time.monotonic() + 2 * SWEEP_SECONDS + 20
    while http_status(address) == 200 and time.monotonic() < deadline:
        time.sleep(2)
    assert http_status(address) == 404, "the zip outlived its tab"
