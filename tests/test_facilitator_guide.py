"""The facilitator guide: a staff-only page that renders docs/facilitator-guide.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP, log_in

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "facilitator-guide.md"
PAGE = "app_pages/facilitator_guide.py"


@pytest.fixture
def app_env(app_env: str, staff_passphrase: str) -> str:
    return app_env


def test_staff_read_the_guide_with_print_styles(app_env) -> None:
    at = log_in(AppTest.from_file(APP, default_timeout=30).run())
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert shown.strip() == GUIDE.read_text(encoding="utf-8").strip()
    css = " ".join(h.proto.body for h in at.get("html"))
    assert "@media print" in css and "stSidebar" in css


def test_participants_cannot_reach_the_guide(app_env) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_the_page_itself_refuses_without_the_staff_role(app_env) -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30).run()
    assert not at.exception
    assert "for facilitators" in at.error[0].value
    assert not at.markdown  # not a word of the guide


def test_the_guide_prints_as_plain_markdown() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert not re.search(r"<[a-zA-Z/!]", text), "no HTML: the guide must print cleanly"
    for heading in ["Session plans", "Opening words", "Ground rules", "Sources for this guidance"]:
        assert f"## {heading}" in text


def test_every_id_the_guide_names_exists_in_the_content(library) -> None:
    """Plans name blocks by survey, module and question id: catch renames and removals."""
    text = GUIDE.read_text(encoding="utf-8")
    from workshop.content import Resource

    known = set(library.surveys) | set(library.modules) | set(Resource.model_fields)
    for survey in library.surveys.values():
        known |= {q.id for q in survey.questions}
    named = {t for t in re.findall(r"`([^`\s]+)`", text) if re.fullmatch(r"[a-z][a-z0-9_-]*", t)}
    assert len(named) > 30
    assert sorted(named - known) == []


def _plan_minutes(text: str) -> dict[str, int]:
    sums = {}
    for section in text.split("\n### ")[1:]:
        title, _, body = section.partition("\n")
        rows = [r for r in body.splitlines() if r.startswith("| ")][2:]  # skip header and rule
        if "| Minutes |" in body:
            sums[title] = sum(int(r.split("|")[2].strip() or 0) for r in rows)
    return sums


def test_each_plan_adds_up_to_its_length() -> None:
    sums = _plan_minutes(GUIDE.read_text(encoding="utf-8"))
    assert sums == {
        "120-minute plan: full workshop, facilitator-paced": 120,
        "60-minute plan: full workshop, with cuts": 60,
        "20-minute plan: quick poll (`quick-poll`)": 20,
        "Plan for the after-conflict session (`after-conflict`)": 40,
    }


# --- plans that hold for a slow reader --------------------------------------------------

SLOW_WORDS_PER_MINUTE = 100  # low literacy or reading in a second language
TAP_MINUTES = 7 / 60  # choosing an answer and pressing Next
WRITE_MINUTES = 1.0  # a short written answer


def _slow_minutes(library, survey_id: str, step_id: str) -> float:
    """A slow reader's own time for one step: read it all, then tap (or write)."""
    from tests.test_curriculum import _plain, _rendered
    from workshop.content import QuestionKind

    if step_id in library.modules and library.surveys[survey_id].question(step_id) is None:
        words = len(_plain(_rendered(library, step_id)).split())
        return words / SLOW_WORDS_PER_MINUTE + 1.0  # and a minute for its "Try this"
    question = library.surveys[survey_id].question(step_id)
    assert question is not None, (survey_id, step_id)
    text = [question.text, question.help or "", question.min_label or "", question.max_label or ""]
    words = len(" ".join(text + [o.label for o in question.options]).split())
    extra = WRITE_MINUTES if question.kind is QuestionKind.text else TAP_MINUTES
    return words / SLOW_WORDS_PER_MINUTE + extra


def _plan_blocks(text: str, library) -> dict[str, tuple[str, list[tuple[int, list[str], str]]]]:
    """Each plan: its survey and rows of (minutes, step ids in the Block cell, cell)."""
    plans = {}
    for section in text.split("\n### ")[1:]:
        title, _, body = section.partition("\n")
        if "| Minutes |" not in body:
            continue
        intro = title + body.split("\n| ")[0] + body.split("| Minutes |")[1].split("\n")[0]
        survey_id = next(t for t in re.findall(r"`([^`]+)`", intro) if t in library.surveys)
        steps = library.surveys[survey_id].steps
        order = [getattr(s, "id", None) or getattr(s, "module", None) for s in steps]
        rows = []
        for row in [r for r in body.splitlines() if r.startswith("| ")][2:]:
            cells = [c.strip() for c in row.split("|")]
            cell = cells[3]
            ids = re.findall(r"`([^`]+)`", cell)
            span = re.search(r"`([^`]+)` to `([^`]+)`", cell)
            if span:
                first, last = order.index(span.group(1)), order.index(span.group(2))
                ids = [i for i in ids if i not in span.groups()] + order[first : last + 1]
            rows.append((int(cells[2] or 0), ids, cell))
        plans[title] = (survey_id, rows)
    return plans


def test_every_plan_covers_its_survey_and_each_block_fits_a_slow_reader(library) -> None:
    plans = _plan_blocks(GUIDE.read_text(encoding="utf-8"), library)
    assert len(plans) == 4
    for title, (survey_id, rows) in plans.items():
        steps = library.surveys[survey_id].steps
        every = [getattr(s, "id", None) or getattr(s, "module", None) for s in steps]
        covered = [step for _, ids, _ in rows for step in ids]
        assert sorted(covered) == sorted(every), f"{title}: every step in exactly one block"
        for minutes, ids, cell in rows:
            need = sum(_slow_minutes(library, survey_id, step) for step in ids)
            assert minutes >= need, f"{title}: {cell!r} needs {need:.1f} min, plans {minutes}"
            counted = re.search(r"\((\d+) questions\)", cell)
            if counted:  # "(18 questions)" is the number of questions in the block
                questions = [i for i in ids if library.surveys[survey_id].question(i)]
                assert int(counted.group(1)) == len(questions), cell


# --- the essentials in Spanish ----------------------------------------------------------

GUIDE_ES = ROOT / "docs" / "es" / "guia-para-facilitar.md"


def _shown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).strip()


def test_staff_can_read_the_essentials_in_spanish_english_by_default(app_env) -> None:
    at = log_in(AppTest.from_file(APP, default_timeout=30).run())
    at.switch_page(PAGE).run()
    choice = at.segmented_control(key="guide_language")
    assert choice.value == "English" and choice.options == ["English", "Español"]
    assert _shown(at) == GUIDE.read_text(encoding="utf-8").strip()
    choice.set_value("Español").run()
    assert not at.exception
    shown = _shown(at)
    assert shown.startswith("# Guía para facilitar: lo esencial")
    assert shown == GUIDE_ES.read_text(encoding="utf-8").strip()
    css = " ".join(h.proto.body for h in at.get("html"))
    assert "@media print" in css and "guide_language" in css  # the choice is not printed
    at.segmented_control(key="guide_language").set_value("English").run()
    assert _shown(at) == GUIDE.read_text(encoding="utf-8").strip()


def _flat(text: str) -> str:
    """Markdown with its line breaks and list indentation read as single spaces."""
    return re.sub(r"\s+", " ", text)


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


# A Spanish acronym and the English one the English guide uses for the same thing.
ACRONYMS_ES = {"OMS": "WHO", "VIH": "HIV"}


def test_the_spanish_guide_cites_only_what_the_english_guide_cites() -> None:
    """No new claim sneaks in: every source, title, key and address is the English guide's."""
    english, spanish = GUIDE.read_text(encoding="utf-8"), GUIDE_ES.read_text(encoding="utf-8")
    flat_en = _flat(english)
    keys = set(re.findall(r"\[@([^\]\s;]+)", spanish))
    assert keys <= set(re.findall(r"\[@([^\]\s;]+)", english))
    titles = re.findall(r"(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])", spanish)
    assert len(titles) >= 7
    assert [t for t in titles if _flat(t) not in flat_en] == []
    for source in _section(spanish, "Fuentes").split("\n- ")[1:]:
        cited = _flat(source)[: _flat(source).rindex("*") + 1]  # authors, year and title
        assert f" {cited}" in flat_en, cited
    links = re.findall(r"https?://[^\s)>]+", spanish)
    assert [link for link in links if link not in english] == []
    acronyms = set(re.findall(r"\b[A-Z][A-Z0-9]{2,}\b", spanish)) - {"NÚMEROS", "ÚTILES"}
    acronyms = {ACRONYMS_ES.get(a, a) for a in acronyms}
    assert sorted(a for a in acronyms if not re.search(rf"\b{a}\b", english)) == []
    named = set(re.findall(r"`([^`\s]+)`", spanish))
    assert sorted(named - set(re.findall(r"`([^`\s]+)`", english))) == []


def test_the_spanish_guide_has_the_essentials_and_says_it_is_unreviewed() -> None:
    text = GUIDE_ES.read_text(encoding="utf-8")
    assert not re.search(r"<[a-zA-Z/!]", text), "no HTML: the guide must print cleanly"
    headings = [h.lower() for h in re.findall(r"^#{2,3} (.+)$", text, flags=re.MULTILINE)]
    for words in [
        "antes del día",
        "servicios de apoyo locales",
        "tarjeta",
        "teléfono",
        "dos ventanas",
        "60 minutos",
        "palabras de apertura",
        "acuerdos del grupo",
        "lo pasa mal",
        "en la sala",
        "texto libre anónimo",
        "normas locales",
        "guía en inglés",
    ]:
        assert any(words in h for h in headings), words
    opening = _flat(re.sub(r"^> ?", "", text.split("\n## ", 1)[0], flags=re.MULTILINE))
    assert "no la ha revisado una persona educadora en salud sexual" in opening
    assert "«Facilitator guide» (`docs/facilitator-guide.md`" in opening  # the full reference
    assert "](" not in text  # no links: a link to a .md file would be broken in the app
    assert "vosotros" not in text.lower() and "móvil" not in text.lower()  # docs/languages.md


def test_the_spanish_60_minute_plan_is_the_english_one() -> None:
    """Same clock, minutes and steps in every row: only the words are translated."""

    def rows(text: str, title: str) -> list[tuple[str, str, list[str]]]:
        body = text.split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]
        table = [r for r in body.splitlines() if r.startswith("| ")][2:]
        cells = [[c.strip() for c in r.split("|")] for r in table]
        return [(c[1], c[2], re.findall(r"`([^`]+)`", c[3])) for c in cells]

    english = rows(
        GUIDE.read_text(encoding="utf-8"), "### 60-minute plan: full workshop, with cuts"
    )
    spanish = rows(
        GUIDE_ES.read_text(encoding="utf-8"),
        "## Plan de 60 minutos: el taller completo, con recortes",
    )
    assert spanish == english and sum(int(m) for _, m, _ in spanish) == 60
