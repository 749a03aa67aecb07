"""Translations: catalogs complete and consistent with the code, and a participant in Spanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import config, i18n, sessions
from workshop.config import SettingsError

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _method_map() -> list[tuple[str, str]]:
    """babel.cfg's sections as Babel's (pattern, method) pairs."""
    sections = re.findall(r"^\[(\w+): ([^\]]+)\]", (ROOT / "babel.cfg").read_text(), re.M)
    return [(pattern, method) for method, pattern in sections]


def _marked() -> set[Any]:
    """Every string the code marks for translation, found the way `pybabel extract` does."""
    found: set[Any] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), _method_map(), keywords=KEYWORDS, comment_tags=()
    ):
        key = message if isinstance(message, str) else tuple(message)
        found.add((context, key) if context else key)
    return found


def _catalog(language: str) -> Catalog:
    with (ROOT / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _ids(catalog: Catalog) -> set[Any]:
    ids: set[Any] = set()
    for m in catalog:
        if m.id:
            key = m.id if isinstance(m.id, str) else tuple(m.id)
            ids.add((m.context, key) if m.context else key)
    return ids


LANGUAGES = [lang for lang in i18n.catalog_languages() if lang != i18n.SOURCE]


def test_spanish_is_shipped() -> None:
    assert "es" in LANGUAGES


def test_the_participant_screens_are_marked() -> None:
    marked = _marked()
    for message in ("Join the workshop", "Withdraw and delete my answers", "Quick exit"):
        assert message in marked
    assert ("About {n} minute to read", "About {n} minutes to read") in marked


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_matches_the_code(language: str) -> None:
    """No string the code marks is missing, and no translation is left over from old code."""
    marked, catalog = _marked(), _catalog(language)
    missing = sorted(map(str, marked - _ids(catalog)))
    stale = sorted(map(str, _ids(catalog) - marked))
    assert not missing, f"run `make locale-update` and translate in {language}: {missing}"
    assert not stale, f"run `make locale-update` to drop from {language}: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_is_complete_and_keeps_its_placeholders(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals >= 2, "the catalog lost its Plural-Forms header"
    for message in catalog:
        if not message.id:
            continue
        where = f"{language}: {message.id!r}"
        assert not message.fuzzy, f"fuzzy (check it, then remove the flag): {where}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {where}"
        source = message.id if isinstance(message.id, str) else message.id[-1]
        expected = set(PLACEHOLDER.findall(source))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, f"placeholders differ: {where}"
        assert ("**" in source) == all("**" in text for text in strings), f"bold lost: {where}"


def test_spanish_plural_forms_follow_the_count() -> None:
    with i18n.using("es"):
        one = i18n.ngettext("About {n} minute to read", "About {n} minutes to read", 1)
        three = i18n.ngettext("About {n} minute to read", "About {n} minutes to read", 3)
        assert i18n._("Next") == "Siguiente"
    assert one != three and "minuto," in one and "minutos" in three
    assert i18n._("Next") == "Next"  # outside the block: the source language again


def test_numbers_follow_the_language() -> None:
    with i18n.using("es"):
        assert (i18n.number(1234.5, 1), i18n.percent(0.42)) == ("1.234,5", "42\xa0%")
        assert i18n.number(12345) == "12.345"
    assert (i18n.number(1234.5, 1), i18n.percent(0.42)) == ("1,234.5", "42%")


def test_a_stale_compiled_catalog_is_not_used(tmp_path, monkeypatch) -> None:
    """An edited .po wins over an older .mo, so a translation fix shows without a build step."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "es" / "LC_MESSAGES" / "messages.po", folder)
    old = _catalog("es")
    old.get("Next").string = "Antiguo"  # type: ignore[union-attr]
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, old)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    po, mo = folder / "messages.po", folder / "messages.mo"
    import os

    os.utime(mo, (po.stat().st_mtime + 10,) * 2)
    assert i18n.translations("es").gettext("Next") == "Antiguo"  # fresh .mo: used
    os.utime(po, (mo.stat().st_mtime + 10,) * 2)
    assert i18n.translations("es").gettext("Next") == "Siguiente"  # newer .po: compiled


def test_pseudo_locale_lengthens_and_keeps_what_code_needs() -> None:
    text = "**Content note.** {note} :material/info: [read](https://example.org) %(n)s"
    fake = i18n.pseudo(text)
    for kept in ("**", "{note}", ":material/info:", "[read](https://example.org)", "%(n)s"):
        assert kept in fake
    assert len(i18n.pseudo("Withdraw and delete my answers")) >= 1.35 * len(
        "Withdraw and delete my answers"
    )
    assert "Wîthdràw" in i18n.pseudo("Withdraw")
    assert i18n.pseudo("## Join on your phone").startswith("## ⟦")  # still a heading
    with i18n.using(i18n.PSEUDO):
        assert i18n._("Step {number} of {total}").format(number=2, total=9).startswith("⟦Štép 2")


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [(["es-MX"], "es"), (["es"], "es"), (["fr-FR", "es-ES"], "es"), (["fr"], "en"), ([""], "en")],
)
def test_the_browser_language_is_matched_to_what_is_offered(accepted, expected) -> None:
    assert i18n.negotiate(accepted, ("en", "es"), "en") == expected


def test_an_unknown_language_setting_says_what_to_set(monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,fr")
    config.reset()
    with pytest.raises(SettingsError, match="WORKSHOP_LANGUAGES .*'fr' has none"):
        config.settings()
    monkeypatch.setenv("WORKSHOP_LANGUAGES", " en , es ")
    config.reset()
    assert config.settings().languages == ("en", "es")


def _texts(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_one_language_offered_shows_no_switch(app_env) -> None:
    at = app()
    assert at.title[0].value == "Join the workshop"
    assert not at.get("button_group")


@pytest.mark.slow
def test_a_participant_goes_from_join_to_a_step_in_spanish(
    app_env, app_engine, library, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = app(lang="es")
    assert at.title[0].value == "Entra al taller"
    assert at.text_input(key="join_code").label == "Código de la sesión"

    at = app(code=session.code, lang="es")
    assert "Anónimo desde el diseño" in _texts(at)
    assert at.checkbox(key="consent_adult").label == "Tengo 18 años o más."
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    at = at.button(key="consent_submit").click().run()
    assert not at.exception
    assert at.query_params["lang"] in ("es", ["es"])  # kept in the address: a resume keeps it
    assert at.button(key="next_0").label in ("Siguiente", "Terminar")
    assert at.button(key="withdraw").label == "Retirarme y borrar mis respuestas"
    # The session's own content is authored in English; only the app's words change.
    progress = at.get("progress")[0].proto
    assert progress.text.startswith("Paso 1 de ")


# --- issue 28, second part: everything else a participant can see --------------------------

# The participant's own code: every literal a Streamlit call shows must be marked.
PARTICIPANT_CODE = [
    *sorted((ROOT / "ui" / "participant").glob("*.py")),
    ROOT / "ui" / "shared" / "question_wall.py",
    ROOT / "ui" / "shared" / "chart_summary.py",
    ROOT / "ui" / "shared" / "language.py",
]
_SHOWS_TEXT = {
    "title", "header", "subheader", "write", "markdown", "caption", "text", "info", "success",
    "error", "warning", "toast", "button", "form_submit_button", "text_input", "text_area",
    "number_input", "checkbox", "radio", "selectbox", "expander", "pills", "segmented_control",
    "progress", "code",
}  # fmt: skip
_WORDS = re.compile(r"[A-Za-z]{2,}")
_ICON = re.compile(r":material/[a-z_]+:")


def _unmarked_literals(path: Path) -> list[str]:
    """Literal English words given straight to a Streamlit call that shows text."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
            and node.func.attr in _SHOWS_TEXT
        ):
            continue
        shown = [*node.args[:1]]
        shown += [
            k.value for k in node.keywords if k.arg in ("label", "placeholder", "help", "text")
        ]
        for arg in shown:
            parts = [arg] if isinstance(arg, ast.Constant) else []
            if isinstance(arg, ast.JoinedStr):
                parts = [v for v in arg.values if isinstance(v, ast.Constant)]
            for part in parts:
                words = _ICON.sub("", part.value) if isinstance(part.value, str) else ""
                if _WORDS.search(words) and not words.lstrip().startswith("<style"):
                    found.append(f"{path.name}:{node.lineno}: {part.value[:50]!r}")
    return found


def test_no_participant_text_is_left_unmarked() -> None:
    unmarked = [line for path in PARTICIPANT_CODE for line in _unmarked_literals(path)]
    assert not unmarked, f"wrap these in _() and run the locale-update commands: {unmarked}"


def test_a_wrong_join_code_is_refused_in_spanish() -> None:
    from workshop import joincodes
    from workshop.errors import InvalidJoinCode

    with i18n.using("es"), pytest.raises(InvalidJoinCode) as refused:
        joincodes.normalize("ABC")
    assert str(refused.value) == (
        "Los códigos para entrar tienen 6 caracteres; escribiste 3. "
        "Mira el código en la pantalla y vuelve a intentarlo."
    )
    with i18n.using("es"), pytest.raises(InvalidJoinCode, match="nunca llevan 0, O, 1, I ni L"):
        joincodes.normalize("ABC10O")
    with i18n.using("es"):
        assert "Ninguna sesión usa el código ABCDEF" in str(sessions.not_found("ABCDEF"))
    with pytest.raises(InvalidJoinCode, match="Join codes have 6 characters; you entered 3"):
        joincodes.normalize("ABC")  # English outside the block


def test_joining_and_session_state_messages_in_spanish() -> None:
    from workshop import participants
    from workshop.errors import ParticipantNotFound, SessionNotOpen

    with i18n.using("es"):
        with pytest.raises(SessionNotOpen, match="^Esta sesión está cerrada"):
            participants.ensure_open("closed")
        with pytest.raises(SessionNotOpen, match="todavía no ha empezado"):
            participants.ensure_open("draft")
        with pytest.raises(ParticipantNotFound, match="^Este enlace no es válido"):
            participants.check_participant_id("not-an-id")
        assert i18n._(participants.JOINING_LOCKED).startswith("Esta sesión no acepta más")
        from workshop import join_limits

        assert i18n._(join_limits.TOO_FAST).startswith("Mucha gente está entrando")
        assert i18n._(participants.STALE_STEP).startswith("Ese toque venía de una pantalla")


def test_an_out_of_range_number_is_refused_in_spanish() -> None:
    from workshop import validation
    from workshop.content import Question
    from workshop.errors import AnswerRejected

    hours = Question(id="h", kind="number", text="H", min=0.5, max=2.5, unit="horas")
    with i18n.using("es"):
        with pytest.raises(AnswerRejected) as refused:
            validation.normalize(hours, 3)
        assert str(refused.value) == "Escribe un número del 0,5 al 2,5 horas."
        big = Question(id="b", kind="number", text="B", max=10000)
        with pytest.raises(AnswerRejected, match="^Escribe como máximo 10.000.$"):
            validation.normalize(big, 20000)
        with pytest.raises(AnswerRejected, match="^Escribe un número.$"):
            validation.normalize(big, "muchos")
        text = Question(id="t", kind="text", text="T")
        with pytest.raises(AnswerRejected, match=r"^Usa como máximo [\d.]+ caracteres"):
            validation.normalize(text, "x" * 5000)
        with pytest.raises(AnswerRejected, match="“Prefiero no responder”"):
            validation.normalize(text, None)
    with pytest.raises(AnswerRejected, match=r"^Please enter a number from 0.5 to 2.5 horas.$"):
        validation.normalize(hours, 3)


def test_the_answer_widgets_speak_spanish() -> None:
    from ui.participant import widgets
    from workshop.content import Question

    scale = Question(id="s", kind="number", text="S", min=0, max=2.5)
    with i18n.using("es"):
        assert widgets._bounds(scale) == "Del 0 al 2,5."
        assert [widgets._ordinal(n) for n in (1, 2, 3, 11)] == ["1.º", "2.º", "3.º", "11.º"]
        assert i18n._("Undo last") == "Deshacer la última"
        left = i18n.ngettext("{n} still to place.", "{n} still to place.", 1).format(n=1)
        assert left == "Falta 1 por colocar."
    assert [widgets._ordinal(n) for n in (1, 2, 3, 11, 22)] == ["1st", "2nd", "3rd", "11th", "22nd"]
    assert widgets._bounds(scale) == "From 0 to 2.5."


def test_the_busy_and_consent_messages_are_spanish() -> None:
    from ui.participant import actions

    with i18n.using("es"):
        assert i18n._(actions.BUSY).startswith("No pudimos guardar esto ahora mismo")
        assert i18n._(actions.BUSY_WITHDRAW).startswith("No pudimos borrar tus respuestas")


def test_the_question_box_refuses_in_spanish_with_plurals() -> None:
    from workshop import question_box
    from workshop.errors import WorkshopError

    with i18n.using("es"):
        with pytest.raises(WorkshopError, match="^Primero escribe una pregunta.$"):
            question_box.clean_text("   ")
        with pytest.raises(WorkshopError, match="^Tu pregunta tiene 300 caracteres"):
            question_box.clean_text("x" * 300)
        assert question_box._minutes(60) == "1 minuto"
        assert question_box._minutes(300) == "5 minutos"
    assert question_box._minutes(300) == "5 minutes"


def test_the_follow_up_section_speaks_spanish() -> None:
    from workshop import followup

    with i18n.using("es"):
        with pytest.raises(followup.FollowUpError, match="^Escribe el código de seguimiento"):
            followup.normalize_code("")
        with pytest.raises(followup.FollowUpError, match="^«banana» no es una de las palabras"):
            followup.normalize_code("banana-otter-comet-42")
        with pytest.raises(followup.FollowUpError, match="^Escribe la primera letra del nombre"):
            followup.self_code("", 5, "ca")
        with pytest.raises(followup.FollowUpError, match="del 1 al 31"):
            followup.self_code("m", 40, "ca")
        assert i18n._("Get a follow-up code") == "Obtener un código de seguimiento"


def test_the_group_results_speak_spanish() -> None:
    from analysis import results, room_votes
    from analysis.disclosure import DisclosurePolicy, not_yet_text
    from analysis.disclosure.cells import Mask, masked_label
    from ui.participant.results import question_labels
    from workshop.content import Measure, Question

    policy = DisclosurePolicy(k=5)
    before = Question(id="q", kind="number", text="¿Cómo?", measure=Measure.pre, construct="c")
    with i18n.using("es"):
        assert (
            not_yet_text(5)
            == "Los resultados aparecen cuando hayan respondido al menos 5 personas."
        )
        assert results.release_rule_text(policy).startswith("Solo totales")
        assert room_votes.below_k_note(policy).endswith("al menos 5 personas.")
        assert masked_label(Mask.small, 5) == "menos de 5"
        assert masked_label(Mask.protective, 5) == "oculto para proteger a un grupo pequeño"
        assert question_labels((before,)) == {"q": "1. ¿Cómo? (al principio)"}
        answered = i18n.ngettext("{n} person answered.", "{n} people answered.", 1)
        assert answered.format(n=1) == "Respondió 1 persona."
    assert not_yet_text(5) == "Results appear once at least 5 people have answered."


@pytest.mark.slow
def test_a_wrong_code_and_the_question_box_on_the_spanish_page(
    app_env, app_engine, library, monkeypatch
):
    from ui.shared import question_wall

    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = app(lang="es")
    at.text_input(key="join_code").input("ABC")
    at = at.button(key="join_submit").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Los códigos para entrar tienen 6 caracteres")

    at = app(code=session.code, lang="es")
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    at = at.button(key="consent_submit").click().run()
    assert at.button(key=question_wall.OPEN_KEY).label == "Haz una pregunta de forma anónima"
    at = at.button(key=question_wall.OPEN_KEY).click().run()
    assert at.text_area(key=question_wall.TEXT_KEY).label == "Tu pregunta"
    assert at.button(key=question_wall.SEND_KEY).label == "Enviar pregunta"
    assert "Quien facilita lee cada pregunta" in _texts(at)
    at = at.button(key=question_wall.SEND_KEY).click().run()  # nothing typed
    assert any(e.value == "Primero escribe una pregunta." for e in at.error)


@pytest.mark.slow
def test_the_end_screen_results_and_follow_up_in_spanish(app_env, app_engine, library, monkeypatch):
    from ui.shared import live_results
    from workshop import participants
    from workshop.answers import save_answer
    from workshop.sessions import SessionSettings

    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    snapshot = library.snapshot("first-look")
    settings = SessionSettings(show_results_to_participants=True, k=5, mask_all=False)
    session = sessions.create_session(app_engine, snapshot, open_now=True, settings=settings)
    _, person = participants.join(app_engine, session.code, consented=True)
    participants.set_progress(app_engine, person.id, len(snapshot.survey.steps), finished=True)
    at = app(code=session.code, p=person.id, lang="es")
    assert not at.exception
    assert at.title[0].value == "Gracias"
    assert at.header[0].value == "Cómo respondió el grupo"
    assert at.selectbox(key="results_item").label == "Pregunta"
    assert "Quien facilita todavía no ha compartido los resultados" in _texts(at)
    assert at.button(key="results_check").label == "Comprobar de nuevo"
    assert "Un seguimiento dentro de unas semanas" in _texts(at)
    assert at.button(key="followup_opt_in").label == "Obtener un código de seguimiento"

    for code in ("2", "3", "4", "5", "5"):
        _, other = participants.join(app_engine, session.code, consented=True)
        save_answer(app_engine, other.id, "importance_pre", code)
    live_results._aggregates.clear()
    live_results._stored.clear()
    live_results.release_results(session)
    at.run()
    assert not at.exception
    bars = [bar.proto.text for bar in at.get("progress")]
    assert any(bar.endswith(": 2 (40\xa0%)") for bar in bars), bars
    assert "Respondieron 5 personas." in _texts(at)
    assert "Solo totales, y solo de las preguntas que respondieron al menos 5 personas" in _texts(
        at
    )


# --- the session's languages: the facilitator's choice among the operator's -----------------


def test_a_session_offers_the_facilitators_choice_among_the_operators() -> None:
    from ui.shared.language import for_session

    assert for_session(("en", "es"), ()) == ("en", "es")  # none chosen: all of them
    assert for_session(("en", "es"), ("es", "en")) == ("es", "en")  # Spanish first
    assert for_session(("en", "es"), ("es",)) == ("es",)
    # The operator stopped offering a language since: what is left, else all of theirs.
    assert for_session(("en",), ("es", "en")) == ("en",)
    assert for_session(("en",), ("es",)) == ("en",)


@pytest.mark.slow
def test_a_spanish_only_session_speaks_spanish_to_an_english_browser(
    app_env, app_engine, library, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    spanish = sessions.SessionSettings(languages=("es",))
    session = sessions.create_session(
        app_engine, library.snapshot("first-look"), open_now=True, settings=spanish
    )
    at = app(code=session.code, lang="en")  # asked for English: not offered here
    assert not at.exception
    assert at.checkbox(key="consent_adult").label == "Tengo 18 años o más."
    assert at.title[0].value.startswith("Un primer vistazo")  # the survey's Spanish texts
    assert not at.get("button_group")  # one language: no switch
    both = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = app(code=both.code, lang="en")
    assert at.checkbox(key="consent_adult").label == "I am 18 or older."
    assert at.get("button_group")  # the switch, for English and Spanish


@pytest.mark.slow
def test_the_facilitator_picks_the_sessions_languages(
    app_env, staff_passphrase, app_engine, monkeypatch
) -> None:
    from tests.support.apptest import log_in

    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    at = log_in(app())
    assert at.multiselect(key="fac_new_languages").value == ["en", "es"]
    at.multiselect(key="fac_new_languages").set_value(["es", "en"])
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    [create] = [b for b in at.button if b.label == "Create session"]
    at = create.click().run()
    assert not at.exception
    [created] = sessions.list_sessions(app_engine)
    assert created.settings.languages == ("es", "en")
