"""Downloads through Streamlit's protocol, as the browser fetches them (deferred buttons)."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


async def deferred_url(client: Any, file_id: str) -> str:
    """What the browser does when a deferred download button is clicked: ask for the file."""
    message = BackMsg()
    message.backend_operation_request.request_id = f"download-{file_id[:8]}"
    message.backend_operation_request.session_id = client.session_id
    message.backend_operation_request.deferred_file.file_id = file_id
    await client._socket.send(message.SerializeToString())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        frame = await asyncio.wait_for(client._socket.recv(), 30)
        answer = ForwardMsg()
        answer.ParseFromString(frame)
        if answer.WhichOneof("type") == "backend_operation_response":
            response = answer.backend_operation_response
            assert not response.error_msg, response.error_msg
            return str(response.deferred_file.url)
    raise AssertionError("no answer to the download request")
