"""A signed-in facilitator's view of one session, over Streamlit's protocol."""

from __future__ import annotations

from loadtest.client import StreamlitClient
from loadtest.walker import problems


def signed_in(client: StreamlitClient) -> bool:
    """True when the tab holds the staff role: its navigation lists no participant page.

    (Without the role every staff address is registered too, showing the login page.)
    """
    return bool(client.pages) and "modules" not in client.pages


async def _sign_in(client: StreamlitClient, passphrase: str, page: str) -> None:
    """Fill the passphrase form when the page shows one; raise if the page stays locked."""
    secret = [w for w in client.page.widgets() if w.kind == "text_input" and w.proto.type == 1]
    if not secret:
        return
    await client.set(secret[0].key or "", passphrase)
    button = next(b for b in client.page.buttons() if b.form_id == secret[0].form_id)
    await (client.click(button.key) if button.key else client.click(label=button.label))
    if not signed_in(client) or page not in client.pages:
        raise ValueError(f"login failed: {client.page.alerts('error') or client.page.texts()[:2]}")


async def facilitator_view(
    url: str, passphrase: str, page: str, code: str, *, reveal: bool = True
) -> StreamlitClient:
    """A signed-in facilitator on `page` showing the session `code`, results revealed."""
    client = StreamlitClient(url, page_name="facilitator", timeout=60)
    await client.connect()
    await client.load()
    await _sign_in(client, passphrase, page)
    await client.navigate(page)
    if client.page.has("fac_picker"):
        picker = client.page.widget("fac_picker")
        wanted = [o for o in picker.options if code and code in o]
        if wanted and picker.proto.raw_value != wanted[0]:
            await client.set("fac_picker", wanted[0])
    if (
        reveal
        and client.page.has("fac_reveal")
        and client.page.widget("fac_reveal").label.startswith("Reveal")
    ):
        await client.click("fac_reveal")  # charts drawn on every refresh, as in a room
    if found := problems(client.page):
        raise ValueError(found[0])
    return client
