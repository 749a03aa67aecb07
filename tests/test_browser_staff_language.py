"""Staff pick their own interface language (issue 28): in a real browser.

A browser that asks for Spanish gets Spanish staff pages from the login on; the sidebar's
"Interface language" changes it, and a reload keeps the choice. Every staff page walked in
the pseudo-locale shows no heading, label, button or tab that nobody marked for
translation (texts that come from the content, such as question texts, are content).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import server as app_server
from tests.support.browser import browser as _session_browser
from tests.support.browser import open_staff_page, shoot, sidebar_open
from ui.shared.language import display_name
from ui.shared.navigation import _STAFF
from workshop import demo, i18n
from workshop.content import Question, SurveySnapshot
from workshop.loading import ContentLibrary

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSPHRASE = "staff language passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}
SURVEY = "aftercare-workshop-60"
STORAGE = "workshop-staff-tab"  # ui/staff/tab.py: where a tab keeps its token for a reload

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("staff-language")
    url, engine = app_server.migrated(folder)
    demo.fill(engine, library.snapshot(SURVEY), participants=24)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE, "WORKSHOP_LANGUAGES": "en,es,en-XA"}
    with app_server.running(url, folder, env=env) as srv:
        yield srv


def _ready(page: Any, heading: str) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=20_000)
    app_server.wait_for_app(page)


def test_a_spanish_browser_gets_spanish_staff_pages_and_may_switch(browser, app, tmp_path) -> None:
    context = browser.new_context(viewport=LAPTOP, locale="es-ES")
    page = context.new_page()
    try:
        page.goto(f"{app.url}/facilitator")
        app_server.wait_for_app(page)
        page.get_by_label("Frase de acceso").fill(PASSPHRASE)
        page.get_by_role("button", name="Iniciar sesión").click()
        _ready(page, "Sesiones")
        nav = page.locator("[data-testid=stSidebarNav]")
        for name in ("Sesiones", "Presentar", "Antes y después", "Guía para facilitar"):
            assert nav.get_by_role("link", name=name, exact=True).count() == 1, name
        assert page.get_by_role("button", name="Cerrar sesión").is_visible()
        assert "lang=" not in page.url  # what the browser asks for needs no address
        # The page says it is Spanish (a screen reader's voice), Streamlit's skip link too.
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=15_000)
        skip = page.locator("[data-testid='stSkipToContent']")
        assert skip.text_content() == "Saltar al contenido principal"
        assert page.title() == "Taller"
        for name in ("Presentar", "Moderar", "Exportación para investigación"):
            open_staff_page(page, name)
            app_server.wait_for_app(page)
            page.wait_for_timeout(1_000)
            shoot(page, tmp_path, f"staff-es-{name}")
            wide = page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
            assert not wide, f"{name} scrolls sideways in Spanish"
        # Present's five controls share the laptop's width: Spanish labels are longer.
        open_staff_page(page, "Presentar")
        app_server.wait_for_app(page)
        page.locator(".st-key-present_controls button").first.wait_for(timeout=20_000)
        cut = page.locator(".st-key-present_controls button").evaluate_all(
            "bs => bs.filter(b => [...b.querySelectorAll('*')]"
            ".some(e => e.scrollWidth > e.clientWidth + 1)).map(b => b.innerText)"
        )
        assert not cut, f"Present's controls cut in Spanish: {cut}"
        open_staff_page(page, "Sesiones")
        _ready(page, "Sesiones")

        # English chosen in the sidebar: every page after it, and a reload, stay English.
        sidebar_open(page)
        picker = page.locator(".st-key-staff_language input")
        picker.focus()
        page.keyboard.press("ArrowDown")
        page.get_by_role("option", name="English", exact=True).click()
        _ready(page, "Sessions")
        assert "lang=en" in page.url
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=15_000)
        open_staff_page(page, "Facilitator guide")
        _ready(page, "Session plans")
        page.reload()
        _ready(page, "Session plans")
        assert page.get_by_role("button", name="Log out").is_visible()
    finally:
        context.close()


def _content_texts(snapshot: SurveySnapshot) -> set[str]:
    """Words that come from the content files: shown as they are, never through a catalog."""
    texts = {snapshot.survey.title}
    for module in snapshot.modules.values():
        texts.add(module.title)
    for step in snapshot.survey.steps:
        if isinstance(step, Question):
            texts.update(filter(None, (step.text, step.short_label, step.min_label)))
            texts.update(filter(None, (step.max_label, *(o.label for o in step.options))))
    return {" ".join(text.split()) for text in texts}


# Headings, labels, buttons, tabs, expanders, alerts and the sidebar's links of the page.
_TEXTS = """() => {
  const seen = [];
  const selector = 'h1, h2, h3, [data-testid=stWidgetLabel], button, [role=tab], summary, '
    + '[data-testid=stAlertContainer], [data-testid=stSidebarNav] a';
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility()) continue;
    // Charts, the guide's document and Streamlit's own "Upload" button are not the catalog's.
    if (el.closest('[data-testid=stVegaLiteChart], .st-key-staff_language, .st-key-guide_body, '
        + '[data-testid=stFileUploaderDropzone]')) continue;
    // An icon is a ligature ("visibility"), not words: left out of what is read.
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[data-testid=stIconMaterial]').forEach(icon => icon.remove());
    const text = (copy.textContent || '').replace(/\\s+/g, ' ').trim();
    if (text) seen.push(text);
  }
  return seen;
}"""


def test_every_staff_page_is_marked_for_translation(browser, app, library) -> None:
    """The pseudo-locale wraps every marked string in ⟦ ⟧: what lacks it was never marked."""
    content = _content_texts(library.snapshot(SURVEY))
    content |= {display_name(code) for code in i18n.catalog_languages()}  # named in their own
    page = browser.new_context(viewport=LAPTOP).new_page()
    unmarked: dict[str, list[str]] = {}
    try:
        page.goto(f"{app.url}/facilitator")
        app_server.wait_for_app(page)
        page.get_by_label("Passphrase").fill(PASSPHRASE)
        page.get_by_role("button", name="Log in").click()
        _ready(page, "Sessions")
        for _script, title, _icon, path in _STAFF:
            if path == "audience":
                continue  # the projector's screen speaks the session's presentation language
            # By address (a reload: the tab keeps its role): Share hides the sidebar. A reload
            # spends the tab's stored token; the page stores a new one a moment after it loads.
            page.wait_for_function(f"() => sessionStorage.getItem('{STORAGE}')", timeout=30_000)
            page.goto(f"{app.url}/{path}?lang={i18n.PSEUDO}")
            # Logged in (Share shows no sidebar, so no Log out button): a page in the
            # pseudo-locale that is not the login form.
            page.wait_for_function(
                "() => document.body.innerText.includes('⟦')"
                " && !document.querySelector('input[type=password]')",
                timeout=30_000,
            )
            app_server.wait_for_app(page)
            page.wait_for_timeout(500)  # fragments drawn after the first run
            texts = page.evaluate(_TEXTS)
            found = [
                text
                for text in texts
                if "⟦" not in text and sum(c.isalpha() for c in text) > 1 and text not in content
            ]
            if found:
                unmarked[title] = sorted(set(found))
    finally:
        page.context.close()
    assert not unmarked, unmarked
