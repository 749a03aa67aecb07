"""The session report in a chosen language (issue 28): `workshop report --lang es`.

The report's own words (headings, sentences, table heads, notes) are Spanish,
its numbers, shares and dates are written the Spanish way, and question and
option texts stay as authored. English output keeps its words. What the
command prints is in the language the user's environment asks for (LANG),
whatever --lang the report is written in.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from analysis import report
from analysis.report import wording
from tests.support.browser import browser  # noqa: F401
from tests.support.cli import CliResult, run_cli
from workshop import i18n, session_settings, sessions

A4_COLUMN_PX = (210 - 2 * 14) / 25.4 * 96  # the report's @page margins: 182 mm
SPANISH_USER = {"LANG": "es_ES.UTF-8"}  # the command's own messages in Spanish
pytestmark = pytest.mark.slow  # one demo session and a report's charts, per language

SPANISH = ("Quién participó", "Lo que respondió la sala", "Anexo para investigación",
           "D. Métodos y anonimización", "Proporción")  # fmt: skip
ENGLISH = ("Who took part", "What the room answered", "Appendix for researchers",
           "D. Methods and anonymization", "Free-text answers are left out",
           "responded.", "Nobody gave a name")  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CliResult, str]]:
    folder = tmp_path_factory.mktemp("report-language")
    data = folder / "data"
    demo = run_cli("demo", "--survey", "first-look", "--participants", "24", data_dir=data)
    assert demo.returncode == 0, demo.stderr
    code = demo.stdout.strip().splitlines()[-1].split()[-1]
    second = run_cli("demo", "--survey", "first-look", "--seed", "2", data_dir=data)
    assert second.returncode == 0, second.stderr
    other = second.stdout.strip().splitlines()[-1].split()[-1]
    out: dict[str, tuple[CliResult, str]] = {}
    pooled, pdf = folder / "pooled-es.html", folder / "pooled-es.pdf"
    pdf_args = ["--pdf", str(pdf)] if shutil.which("chromium") else []
    done = run_cli("report", "--session", code, "--session", other, "--out", str(pooled),
                   "--lang", "es", *pdf_args, data_dir=data, env=SPANISH_USER)  # fmt: skip
    assert done.returncode == 0, done.stderr
    if pdf_args:
        assert pdf.read_bytes().startswith(b"%PDF") and "PDF escrito en" in done.stdout
    out["pooled"] = (done, pooled.read_text(encoding="utf-8"))
    for lang in ("en", "es"):
        page = folder / f"report-{lang}.html"
        done = run_cli("report", "--session", code, "--out", str(page), "--lang", lang,
                       data_dir=data, env=SPANISH_USER if lang == "es" else None)  # fmt: skip
        assert done.returncode == 0, done.stderr
        out[lang] = (done, page.read_text(encoding="utf-8"))
    page = folder / "report-es-for-an-english-user.html"
    done = run_cli("report", "--session", code, "--out", str(page), "--lang", "es", data_dir=data)
    assert done.returncode == 0, done.stderr
    out["es, English user"] = (done, page.read_text(encoding="utf-8"))
    return out


def test_a_spanish_report_speaks_spanish(made: dict[str, tuple[CliResult, str]]) -> None:
    done, page = made["es"]
    assert "Informe de 1 sesión escrito en" in done.stdout
    assert '<html lang="es">' in page and "built-in method" not in page
    for heading in SPANISH:
        assert heading in page, heading
    for english in ENGLISH:
        assert english not in page, english
    # Shares and dates the Spanish way: "42 %" (a no-break space), "7 de diciembre de 2026".
    assert re.search(r'<td class="num">\d+\xa0%</td>', page)
    assert not re.search(r'<td class="num">\d+%</td>', page)
    with i18n.using("es"):
        assert i18n.day(date.today()) in page


def test_a_pooled_spanish_report(made: dict[str, tuple[CliResult, str]]) -> None:
    done, page = made["pooled"]
    assert "Informe de 2 sesiones combinadas escrito en" in done.stdout
    assert "Informe del taller: 2 sesiones combinadas" in page
    assert "Diagrama de bosque" in page and "Forest plot" not in page
    assert '<th scope="col">Sesión</th>' in page and '<th scope="col">Entraron</th>' in page


@pytest.mark.browser
def test_the_spanish_report_fits_the_printed_column(
    made: dict[str, tuple[CliResult, str]],
    browser,  # noqa: F811
) -> None:
    """Longer Spanish words and heads: no table or heading wider than the A4 text column."""
    for page_html in (made["es"][1], made["pooled"][1]):
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        try:
            page.set_content(page_html)
            page.emulate_media(media="print")
            page.set_viewport_size({"width": round(A4_COLUMN_PX), "height": 1100})
            wide = page.evaluate(
                """() => {
                    const column = document.querySelector('main').clientWidth;
                    return [...document.querySelectorAll('main table, main h2, main h3, main h4, main p')]
                        .filter(e => e.scrollWidth > column + 1 || e.getBoundingClientRect().width > column + 1)
                        .map(e => e.tagName + ': ' + e.textContent.slice(0, 60));
                }"""
            )
            assert wide == []
        finally:
            page.close()


def test_the_report_language_is_not_the_commands(
    made: dict[str, tuple[CliResult, str]],
) -> None:
    """--lang es writes a Spanish report; LANG=C (English) still gets English messages."""
    done, page = made["es, English user"]
    assert "Wrote the report for 1 session to" in done.stdout
    assert "Informe de 1 sesión" not in done.stdout
    assert '<html lang="es">' in page and "Quién participó" in page


def test_the_english_report_keeps_its_words(made: dict[str, tuple[CliResult, str]]) -> None:
    done, page = made["en"]
    assert "Wrote the report for 1 session to" in done.stdout
    assert '<html lang="en">' in page
    for heading in ENGLISH:
        assert heading in page, heading
    for spanish in SPANISH:
        assert spanish not in page, spanish
    assert re.search(r'<td class="num">\d+%</td>', page)


def test_question_texts_stay_as_authored(made: dict[str, tuple[CliResult, str]]) -> None:
    english, spanish = made["en"][1], made["es"][1]
    headings = re.findall(r'<h4 id="q\d+">([^<]*)</h4>', english)
    assert headings and headings == re.findall(r'<h4 id="q\d+">([^<]*)</h4>', spanish)


def test_only_languages_with_a_catalog_are_offered(tmp_path: Path) -> None:
    refused = run_cli("report", "--session", "ABCDEF", "--out", "x.html", "--lang", "xx",
                      data_dir=tmp_path)  # fmt: skip
    assert refused.returncode == 2 and "invalid choice" in refused.stderr


def test_counted_phrases_and_dates_follow_the_language() -> None:
    with i18n.using("es"):
        assert wording.people(1) == "1 persona" and wording.people(3) == "3 personas"
        assert wording.responded(12) == "12 personas respondieron."
        assert i18n.day(date(2026, 12, 1)) == "1 de diciembre de 2026"
    assert wording.responded(12) == "12 responded." and i18n.day(date(2026, 12, 1)) == "2026-12-01"


def test_the_staff_page_makes_the_report_in_the_chosen_language(
    app_env, app_engine, library, staff_passphrase
) -> None:
    from tests.support.apptest import app, log_in
    from workshop import demo

    demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception, at.exception
    at.sidebar.selectbox(key="results_report_lang").select("es").run()
    make = next(b for b in at.sidebar.button if b.label == "Make the report (HTML)")
    make.click().run()
    assert not at.exception, at.exception
    (_ids, language), page, _name = at.session_state["results_report_html"]
    assert language == "es" and "Quién participó" in page and "Who took part" not in page
    assert "Download the report" in [d.proto.label for d in at.get("download_button")]


def test_a_refusal_is_worded_in_the_language_the_command_speaks(tmp_path: Path) -> None:
    assert run_cli("db", "upgrade", data_dir=tmp_path).returncode == 0
    out = str(tmp_path / "x.html")
    refused = run_cli("report", "--session", "ZZZZZZ", "--out", out, "--lang", "en",
                      data_dir=tmp_path, env=SPANISH_USER)  # fmt: skip
    assert refused.returncode == 1 and "Ninguna sesión usa el código ZZZZZZ" in refused.stderr
    refused = run_cli("report", "--session", "ZZZZZZ", "--out", out, "--lang", "es",
                      data_dir=tmp_path)  # fmt: skip
    assert refused.returncode == 1 and "No session uses the code ZZZZZZ" in refused.stderr


def test_a_report_is_written_in_the_rooms_language_by_default(engine, library) -> None:
    """Nobody says which: the report speaks the first session's audience screen language."""
    english = sessions.create_session(engine, library.snapshot("first-look"))
    spanish = sessions.create_session(engine, library.snapshot("first-look"))
    session_settings.change_settings(engine, spanish.id, lambda _: {"presentation_language": "es"})
    assert report.default_language(engine, [english.id]) == "en"
    assert report.default_language(engine, [spanish.id, english.id]) == "es"
    assert report.default_language(engine, [english.id, spanish.id]) == "en"  # the first's
    pseudo = sessions.create_session(engine, library.snapshot("first-look"))
    session_settings.change_settings(
        engine, pseudo.id, lambda _: {"presentation_language": "en-XA"}
    )
    assert report.default_language(engine, [pseudo.id]) == "en"  # no catalog: the source
