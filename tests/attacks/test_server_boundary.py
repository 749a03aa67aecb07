"""Attacks on the server boundary (issue 23 point 4), each through the real websocket.

A participant's tab is anyone's tab: whatever it can send, an attacker with a
phone on the venue's Wi-Fi can send too. These tests speak Streamlit's own
protocol to a real `streamlit run app.py`.
"""

from __future__ import annotations

import asyncio
import http.client
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from loadtest import launch
from loadtest.client import StreamlitClient, run_sync
from workshop import migrate

PASSPHRASE = "correct horse battery staple"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    directory = tmp_path_factory.mktemp("boundary")
    url = f"sqlite:///{directory / 'workshop.db'}"
    migrate.upgrade(url)
    env = {"WORKSHOP_DATABASE_URL": url, "WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    running = launch.start("app.py", log_dir=directory, env=env)
    try:
        yield running
    finally:
        running.stop()


async def _staff(url: str) -> StreamlitClient:
    client = StreamlitClient(url)
    await client.connect()
    await client.load()
    await client.navigate("facilitator")
    await client.set("staff_passphrase", PASSPHRASE)
    await client.click(label="Log in")
    assert client.page.has("staff_logout"), "the staff tab should be logged in"
    return client


async def _participant(url: str) -> StreamlitClient:
    client = StreamlitClient(url)
    await client.connect()
    await client.load()
    return client


async def _send(client: StreamlitClient, message: BackMsg) -> list[ForwardMsg]:
    """Send one raw BackMsg and collect what the server answers within two seconds."""
    await client._socket.send(message.SerializeToString())
    answers: list[ForwardMsg] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 2.0
    while (remaining := deadline - loop.time()) > 0:
        try:
            frame = await asyncio.wait_for(client._socket.recv(), remaining)
        except TimeoutError:
            break
        answer = ForwardMsg()
        answer.ParseFromString(frame)
        answers.append(answer)
    return answers


def _put_file(server: Any, client: StreamlitClient, size: int = 4096) -> int:
    """PUT a small file to this tab's upload address, as the browser's uploader would."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    xsrf = client.cookies.get("_streamlit_xsrf", "")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(
        "PUT",
        f"/_stcore/upload_file/{client.session_id}/{uuid.uuid4()}",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
            "X-Xsrftoken": xsrf,
            "Origin": client.origin,
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_participant_cannot_clear_the_servers_caches(server) -> None:
    """Finding: any visitor's clear_cache logged every staff tab out (issue 23, high)."""

    async def attack() -> bool:
        staff = await _staff(server.url)
        visitor = await _participant(server.url)
        message = BackMsg()
        message.clear_cache = True
        await _send(visitor, message)
        for kind in ("set_run_on_save", "load_git_info"):
            other = BackMsg()
            setattr(other, kind, True)
            await _send(visitor, other)
        await staff.rerun()
        still_staff = staff.page.has("staff_logout")
        await staff.close()
        await visitor.close()
        return still_staff

    assert run_sync(attack()), "a visitor's clear_cache logged the staff tab out"


def test_a_participant_gets_no_upload_urls_and_cannot_upload(server) -> None:
    """Finding: anonymous tabs parked files in server memory (issue 23, medium)."""

    async def attack() -> tuple[list[ForwardMsg], int]:
        visitor = await _participant(server.url)
        message = BackMsg()
        message.file_urls_request.request_id = "r1"
        message.file_urls_request.session_id = visitor.session_id
        message.file_urls_request.file_names.extend(["a.bin", "b.bin"])
        answers = await _send(visitor, message)
        status = await asyncio.to_thread(_put_file, server, visitor)
        await visitor.close()
        return answers, status

    answers, status = run_sync(attack())
    assert not [a for a in answers if a.WhichOneof("type") == "file_urls_response"]
    assert status == 403


def test_staff_may_upload_a_small_file_but_not_a_large_one(server) -> None:
    """The survey import (issue 27) needs uploads from staff, up to 1 MB."""

    async def staff_upload() -> tuple[list[ForwardMsg], int, int]:
        staff = await _staff(server.url)
        message = BackMsg()
        message.file_urls_request.request_id = "r2"
        message.file_urls_request.session_id = staff.session_id
        message.file_urls_request.file_names.append("survey.yaml")
        answers = await _send(staff, message)
        small = await asyncio.to_thread(_put_file, server, staff)
        large = await asyncio.to_thread(_put_file, server, staff, 2 * 1024 * 1024)
        await staff.close()
        return answers, small, large

    answers, small, large = run_sync(staff_upload())
    assert [a for a in answers if a.WhichOneof("type") == "file_urls_response"]
    assert small == 204
    assert large == 413, "server.maxUploadSize is 1 MB: what the survey import needs"


def test_a_participant_cannot_reach_the_authoring_pages(server) -> None:
    """Issue 27: the Surveys and Support resources pages, by address or by a staff page's hash."""

    async def attack() -> list[list[str]]:
        staff = await _staff(server.url)
        staff_hashes = {path: staff.pages[path] for path in ("surveys", "resources")}
        await staff.navigate("surveys")
        assert staff.page.has("auth_src"), "the staff tab should see the Surveys page"
        await staff.close()
        visitor = await _participant(server.url)
        seen = []
        for path, script_hash in staff_hashes.items():
            await visitor.navigate(path)  # the address: the login page stands in
            seen.append(visitor.page.widget_keys())
            visitor.page_name, visitor.page_script_hash = path, script_hash
            await visitor.rerun()  # the staff page's own hash, sent by hand
            seen.append(visitor.page.widget_keys())
        await visitor.close()
        return seen

    seen = run_sync(attack())
    assert "staff_passphrase" in seen[0] and "staff_passphrase" in seen[2]  # the login page
    for keys in seen:
        assert keys and not [k for k in keys if k.startswith(("auth_", "res_"))], keys
