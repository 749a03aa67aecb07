"""Issue 27's walk in Chromium: copy the 60-minute workshop, drop a question, add a `words`
question, put three local services in place of the examples, run a session with it, and
export the survey as YAML; axe-core on both authoring pages. Screenshots for the docs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import server as app_server
from tests.support.axe import assert_no_serious_violations, require_axe
from tests.support.browser import PHONE, open_staff_page, shoot
from tests.support.browser import browser as _session_browser
from workshop import authored, authored_texts, db, migrate, sessions
from workshop.content import Question
from workshop.kind_shapes import SHAPES
from workshop.loading import ContentLibrary
from workshop.survey_yaml import dump_survey

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSPHRASE = "authoring walk passphrase"
LAPTOP = {"width": 1366, "height": 900}
TIMEOUT = 20_000
SERVICES = [
    (
        "Riverside Sexual Health Clinic",
        "Walk-in clinic, PEP and emergency contraception",
        "0161 000 1000",
    ),
    ("Night Talk", "Someone to talk to, every night", "0800 000 200"),
    ("Safe Home Line", "Support after abuse or sex you did not agree to", "0800 000 300"),
]

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, Path]]:
    folder = tmp_path_factory.mktemp("authoring")
    url = f"sqlite:///{folder / 'workshop.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    with app_server.running(
        url, folder, env={"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    ) as srv:
        yield srv, engine, folder
    db.dispose(engine)


def _settle(page: Any) -> None:
    page.wait_for_timeout(200)
    app_server.wait_for_app(page, timeout=TIMEOUT)


def _choose(page: Any, key: str, option: str) -> None:
    """Pick an option of the selectbox whose key starts with `key`, typing to filter the list."""
    field = page.locator(f"[class*='st-key-{key}'] [data-testid=stSelectbox] input").first
    if option in (field.input_value() or ""):
        return
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=False).first.click()
    _settle(page)


def _click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    _settle(page)


def test_copy_edit_local_services_run_and_export(browser, app, library: ContentLibrary) -> None:
    srv, engine, folder = app
    require_axe()
    page = browser.new_context(viewport=LAPTOP).new_page()
    page.goto(f"{srv.url}/facilitator")
    app_server.wait_for_app(page)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Sessions").wait_for(timeout=TIMEOUT)
    _settle(page)

    # Copy the 60-minute workshop.
    open_staff_page(page, "Surveys")
    page.get_by_role("heading", name="Surveys").wait_for(timeout=TIMEOUT)
    _settle(page)
    _choose(page, "auth_src", "(aftercare-workshop-60)")
    page.get_by_label("Id of the copy").fill("our-workshop")
    _click(page, "Make a copy to edit")
    page.get_by_role("heading", name="Editing our-workshop").wait_for(timeout=TIMEOUT)

    # Drop a question (one with no pre/post twin).
    shipped = library.surveys["aftercare-workshop-60"]
    index, dropped = next(
        (i, s) for i, s in enumerate(shipped.steps) if isinstance(s, Question) and not s.measure
    )
    _choose(page, "auth_pick_", f"{index + 1}. {SHAPES[dropped.kind].label}: {dropped.id}")
    page.locator("[class*='st-key-auth_phone']").wait_for(timeout=TIMEOUT)
    shoot(page, folder, "authoring-step-preview")
    _click(page, "Remove step")

    # Add a words question at the end.
    _choose(page, "auth_add_kind", "A few words (word cloud)")
    page.locator("[class*='_words_id'] input").fill("need_word")
    page.locator("[class*='_words_text'] textarea").fill("One word for what you need afterwards")
    _click(page, "Add question")
    _choose(page, "auth_pick_", "A few words (word cloud): need_word")
    page.locator("[class*='st-key-auth_phone']").get_by_text(
        "One word for what you need afterwards"
    ).first.wait_for(timeout=TIMEOUT)
    assert page.locator("[class*='st-key-auth_phone']").bounding_box()["width"] <= PHONE["width"]
    page.get_by_text("minutes for a slow reader").wait_for(timeout=TIMEOUT)
    # The copy declares Spanish: the new question needs its Spanish text before saving.
    page.get_by_text("To add or fix before saving (1):").wait_for(timeout=TIMEOUT)
    spanish = page.get_by_label("Spanish (es) texts (YAML)")
    new_item = "  need_word:\n    text: Una palabra para lo que necesitas después\n"
    spanish.fill(spanish.input_value().replace("items:\n", "items:\n" + new_item, 1))
    _click(page, "Apply the Spanish texts")
    page.get_by_text("The Spanish texts are complete.").wait_for(timeout=TIMEOUT)
    shoot(page, folder, "authoring-surveys")
    assert_no_serious_violations(page, "surveys")
    _click(page, "Save as a new version")
    page.get_by_text("Saved our-workshop version 1.").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Surveys").scroll_into_view_if_needed()
    shoot(page, folder, "authoring-list")
    stored = authored.get(engine, "our-workshop")
    assert stored.question(dropped.id) is None and stored.question("need_word") is not None

    # Three local services in place of the examples.
    open_staff_page(page, "Support resources")
    page.get_by_role("heading", name="Support resources").wait_for(timeout=TIMEOUT)
    _settle(page)
    page.get_by_text("Still the shipped examples").wait_for(timeout=TIMEOUT)
    count = page.get_by_label("Number of services")
    count.fill("3")
    count.press("Enter")
    _settle(page)
    _click(page, "Empty every field to start afresh")
    for number, (name, offer, phone) in enumerate(SERVICES, start=1):
        page.get_by_label(f"Service {number}: Name").fill(name)
        page.get_by_label(f"Service {number}: What they offer").fill(offer)
        page.get_by_label(f"Service {number}: How to reach them").fill(phone)
    page.get_by_label("Note above the list").fill("In danger right now? Call 999.")
    shoot(page, folder, "authoring-resources")
    assert_no_serious_violations(page, "resources")
    _click(page, "Save as the default for new sessions")
    page.get_by_text("Sessions created from now on show this list").wait_for(timeout=TIMEOUT)
    assert page.get_by_text("Still the shipped examples").count() == 0

    # Run a session with it: no rehearsal warning, the phone shows the local services.
    open_staff_page(page, "Sessions")
    page.get_by_role("heading", name="Sessions").wait_for(timeout=TIMEOUT)
    _settle(page)
    _choose(page, "fac_new_survey", "our-workshop v1")
    assert page.get_by_text("still the shipped examples").count() == 0
    _click(page, "Create session")
    [session] = sessions.list_sessions(engine)
    assert (session.survey_id, session.survey_version) == ("our-workshop", 1)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{srv.url}/?code={session.code}")
    app_server.wait_for_app(phone, timeout=TIMEOUT)
    phone.get_by_text("Where to find support").first.click()
    phone.get_by_text(SERVICES[0][0]).first.wait_for(timeout=TIMEOUT)
    assert phone.get_by_text("(example)").count() == 0
    phone.get_by_text("I am 18 or older.").click()
    phone.get_by_text("I have read this and agree to take part.").click()
    phone.get_by_role("button", name="Start", exact=True).click()
    phone.get_by_text(f"Step 1 of {len(stored.steps)}", exact=True).wait_for(timeout=TIMEOUT)
    phone.context.close()

    # Export it as YAML: the stored text, which imports back to the same survey.
    open_staff_page(page, "Surveys")
    page.get_by_role("heading", name="Surveys").wait_for(timeout=TIMEOUT)
    _settle(page)
    _choose(page, "auth_export_id", "our-workshop")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download YAML").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text == dump_survey(stored)

    # Upload it back with its Spanish texts (named as the page downloads them): version 2.
    spanish = authored.translations(engine, "our-workshop", 1)
    (folder / "our-workshop.yaml").write_text(text, encoding="utf-8")
    es = folder / "our-workshop.es.yaml"
    es.write_text(authored_texts.dump_texts(spanish["es"], "our-workshop", "es"), encoding="utf-8")
    page.locator("[class*='st-key-auth_upload'] input[type=file]").set_input_files(
        [str(folder / "our-workshop.yaml"), str(es)]
    )
    _settle(page)
    _click(page, "Import it as a new version")
    page.get_by_text("Imported our-workshop as version 2.").wait_for(timeout=TIMEOUT)
    assert authored.translations(engine, "our-workshop", 2) == spanish
    page.context.close()
