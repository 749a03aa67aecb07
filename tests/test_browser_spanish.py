"""A phone set to Spanish walks a demo session in Spanish (issue 28's "done when").

The phone's browser asks for `es-ES`; nothing in the address names a language.
It consents, answers every kind of question, reads both modules, asks in the
question box, reloads mid-way (the language and the step survive), finishes and
withdraws, every screen in Spanish. Its answers land as the same option codes as
the English demo participants' and are counted with theirs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.live import counts
from tests.support import server as app_server
from tests.support.browser import browser  # noqa: F401
from tests.support.layout import measure, problems
from workshop import demo, participant_view, question_box
from workshop.loading import load_content
from workshop.question_box import Status

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}
TIMEOUT = 20_000
ENGLISH_WORDS = ("Next", "Back", "Step ", "Prefer not to answer", "Thank you", "Withdraw")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spanish")
    env = {"WORKSHOP_LANGUAGES": "en,es"}
    with app_server.running_on_new_database(folder, env=env) as (srv, engine):
        yield srv, engine, load_content(ROOT / "content").snapshot("first-look"), folder


def _settle(page) -> None:
    app_server.wait_for_app(page, timeout=TIMEOUT)


def _at(page, number: int) -> None:
    page.get_by_text(f"Paso {number} de 11", exact=True).wait_for(timeout=TIMEOUT)
    _settle(page)


def _spanish_only(page, where: str) -> None:
    """No English words of the app's own on screen, and nothing sticking out sideways."""
    shown = page.locator("[data-testid=stMain]").inner_text()
    english = [w for w in ENGLISH_WORDS if re.search(rf"(^|\W){re.escape(w)}", shown)]
    assert not english, f"{where}: English on a Spanish screen: {english}"
    found = problems(measure(page), min_text=14, scroll=True)
    found = [f for f in found if not re.fullmatch(r"[\d.]+ px text: \d+/\d+", f)]
    assert not found, f"{where}: {found}"


def _tap(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_a_phone_set_to_spanish_walks_the_workshop_in_spanish(stack, browser) -> None:  # noqa: F811
    srv, engine, snapshot, folder = stack
    room = demo.fill(engine, snapshot, participants=12)
    session = room.session
    before = counts.collect(engine, session.id, snapshot.survey).items["importance_pre"]

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="es-ES")
    page = context.new_page()
    try:
        page.goto(f"{srv.url}/?code={session.code}")  # what the QR code holds
        page.get_by_text("Tengo 18 años o más.").wait_for(timeout=TIMEOUT)
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=TIMEOUT)
        page.get_by_text("Un primer vistazo a los cuidados posteriores").first.wait_for()
        assert page.title() == "Taller"  # the tab's title too
        skip = page.locator("[data-testid='stSkipToContent']")  # Streamlit's own link
        assert skip.text_content() == "Saltar al contenido principal"
        # Focused on the narrowest phone, the longer Spanish link stays clear of Quick exit.
        page.set_viewport_size({"width": 320, "height": 568})
        skip.focus()
        shown, leave = skip.bounding_box(), page.locator(".workshop-quick-exit").bounding_box()
        assert shown and leave and shown["y"] >= leave["y"] + leave["height"], (shown, leave)
        page.set_viewport_size(PHONE)
        _spanish_only(page, "consent")
        page.screenshot(path=str(folder / "es-consent.png"))
        page.get_by_text("Tengo 18 años o más.").click()
        page.get_by_text("He leído esto y acepto participar.").click()
        _tap(page, "Empezar")
        _at(page, 1)
        match = re.search(r"[?&]p=([0-9a-f]{32})", page.url)
        assert match, page.url
        pid = match.group(1)

        # The question box, in Spanish, from the first step.
        page.locator(".st-key-qbox_open button").click()
        page.locator(".st-key-qbox_text textarea").fill("¿Vale pedir espacio?")
        page.locator(".st-key-qbox_send button").click()
        _settle(page)
        page.locator(".st-key-qbox_close button").click()

        # likert
        page.get_by_text("¿Qué importancia tiene para ti").first.wait_for()
        page.get_by_text("Muy importante", exact=True).click()
        _spanish_only(page, "likert")
        page.screenshot(path=str(folder / "es-question.png"))
        _tap(page, "Siguiente")
        _at(page, 2)
        # multiple: a fourth tick is refused, in Spanish
        for label in ("Hablar de cómo fue", "Un rato de calma juntos", "Abrazarse o sostenerse"):
            page.get_by_text(label, exact=True).click()
        page.get_by_text("Palabras amables y de tranquilidad", exact=True).click()
        _tap(page, "Siguiente")
        page.get_by_text("Elige como máximo 3.").wait_for(timeout=TIMEOUT)
        page.get_by_text("Palabras amables y de tranquilidad", exact=True).click()
        _tap(page, "Siguiente")
        _at(page, 3)
        # module
        page.get_by_text("Qué son los cuidados posteriores").first.wait_for()
        _spanish_only(page, "module")
        page.screenshot(path=str(folder / "es-module.png"))
        _tap(page, "Siguiente")
        _at(page, 4)
        # number, with its unit
        number = page.get_by_label(re.compile(r"cuántos minutos"))
        number.fill("20")
        number.press("Tab")
        _tap(page, "Siguiente")
        _at(page, 5)

        # A reload keeps the step and the language.
        page.reload()
        _at(page, 5)
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=TIMEOUT)
        # slider: the scale of numbered pills
        page.get_by_role("radio", name="7", exact=True).click()
        _tap(page, "Siguiente")
        _at(page, 6)
        _spanish_only(page, "second module")
        _tap(page, "Siguiente")
        _at(page, 7)
        # single choice on a sensitive item: prefer not to answer
        _tap(page, "Prefiero no responder")
        _at(page, 8)
        # ranking
        for place, label in (("1.º", "Un rato de calma"), ("2.º", "Cercanía física")):
            _tap(page, label)
            page.get_by_role("button", name=f"{place}: {label}").wait_for(timeout=TIMEOUT)
        _tap(page, "Hablar")
        page.get_by_role("button", name="4.º: Bienestar práctico").wait_for(timeout=TIMEOUT)
        _spanish_only(page, "ranking")
        _tap(page, "Siguiente")
        _at(page, 9)
        page.wait_for_function(
            "['H1', 'H2', 'H3'].includes(document.activeElement.tagName)", timeout=TIMEOUT
        )
        box = page.get_by_label("En pocas palabras, ¿cómo son para ti unos buenos cuidados")
        box.fill("calma y agua")
        box.press("Tab")
        _tap(page, "Siguiente")
        _at(page, 10)
        page.get_by_text("Muy importante", exact=True).click()
        _tap(page, "Siguiente")
        _at(page, 11)
        _tap(page, "Terminar")
        page.get_by_text("Gracias", exact=True).wait_for(timeout=TIMEOUT)
        _settle(page)
        _spanish_only(page, "end screen")
        page.screenshot(path=str(folder / "es-end.png"))

        saved = participant_view.answers_for(engine, pid)
        assert {k: (a.value, a.declined) for k, a in saved.items()} == {
            "importance_pre": ("4", False),
            "practices": (["touch", "talk", "quiet"], False),  # in the options' order
            "minutes_affection": (20, False),
            "comfort_talking": (7, False),
            "low_mood_ever": (None, True),
            "practice_ranking": (["quiet", "touch", "talk", "comfort"], False),
            "one_word": ("calma y agua", False),
            "importance_post": ("4", False),
        }
        # Counted with the English room: the same code, one more in the same bar.
        after = counts.collect(engine, session.id, snapshot.survey).items["importance_pre"]
        assert after.options.get("4", 0) == before.options.get("4", 0) + 1
        assert after.answered == before.answered + 1
        [asked] = question_box.queue(engine, session.id, Status.pending)
        assert asked.text == "¿Vale pedir espacio?"

        # Withdraw, in Spanish, with its confirmation.
        _tap(page, "Retirarme y borrar mis respuestas")
        page.get_by_text("¿Retirarte de esta sesión?").wait_for(timeout=TIMEOUT)
        _tap(page, "Sí, borrar mis respuestas")
        page.get_by_text("Tus respuestas se han borrado").wait_for(timeout=TIMEOUT)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert participant_view.answers_for(engine, pid) == {}
    finally:
        context.close()
