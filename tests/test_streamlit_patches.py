"""One upgrade test per patch in ui/shared/streamlit_patches.py.

Each fails when a Streamlit release renames or reshapes what a patch reaches
into, so an upgrade cannot silently undo a protection.
"""

from __future__ import annotations

import inspect
import math

from streamlit.elements.widgets import number_input
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

from ui.shared import streamlit_patches


def test_developer_messages_are_backmsg_types_the_session_dispatches() -> None:
    fields = {f.name for f in BackMsg.DESCRIPTOR.fields}
    assert fields >= streamlit_patches.DEVELOPER_MESSAGES
    assert streamlit_patches.UPLOAD_MESSAGE in fields
    operations = BackMsg().backend_operation_request.DESCRIPTOR.oneofs_by_name["payload"]
    known = {f.name for f in operations.fields}
    assert known >= streamlit_patches.BACKEND_OPERATIONS
    # An operation added in an upgrade is refused until someone decides about it here.
    assert known - streamlit_patches.BACKEND_OPERATIONS == {
        "install_skills",
        "dismiss_skills_nudge",
    }
    # The patch wraps AppSession.handle_backmsg: the dispatch it filters must still live there.
    from streamlit.runtime import app_session

    source = inspect.getsource(app_session)
    assert 'msg_type == "clear_cache"' in source and "def handle_backmsg(self, msg" in source
    assert hasattr(AppSession, "_handle_clear_cache_request")
    assert "session_state" in dict(inspect.getmembers(AppSession))


def test_uploads_pass_through_the_memory_managers_add_file() -> None:
    parameters = list(inspect.signature(MemoryUploadedFileManager.add_file).parameters)
    assert parameters == ["self", "session_id", "file"]
    from streamlit.web.server.starlette import starlette_routes

    assert "upload_mgr.add_file(" in inspect.getsource(starlette_routes)


def test_the_number_input_deserializer_reads_tampered_values_as_the_default() -> None:
    streamlit_patches.guard_number_inputs()
    serde = number_input.NumberInputSerde(value=3, data_type=1, min_value=0, max_value=10)
    assert serde.deserialize(math.nan) == 3
    assert serde.deserialize("ten") == 3
    assert serde.deserialize(5) == 5


def test_the_external_address_cache_still_exists() -> None:
    from streamlit import net_util

    assert hasattr(net_util, "_external_ip")
    assert callable(net_util.get_internal_ip)


def test_downloads_can_be_dropped_per_session() -> None:
    for name in ("clear_session_refs", "remove_orphaned_files"):
        assert callable(getattr(MediaFileManager, name))


def test_connections_on_streamlits_listening_socket_send_small_messages_at_once() -> None:
    """Patch 11: every connection accepted on the socket Streamlit binds has Nagle off."""
    import asyncio
    import socket

    from streamlit.web.server.starlette import starlette_server

    from loadtest.client import run_sync

    streamlit_patches.send_small_messages_at_once()
    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)  # what the server listens on
    seen: list[int] = []

    async def accept_one() -> None:
        def made(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(made, sock=listener)
        async with server:
            _reader, writer = await asyncio.open_connection(*listener.getsockname())
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    run_sync(accept_one())  # a thread of its own: a browser test may hold this thread's loop
    assert seen and seen[0] != 0
    # The patch replaces the function asyncio's transports call for each accepted socket.
    from asyncio import selector_events

    assert "base_events._set_nodelay(self._sock)" in inspect.getsource(selector_events)
