"""The report's front part a facilitator hands out, and its researchers' appendix (issue 24).

The front part speaks in plain words and published counts: no internal ids, no
statistics, knowledge items as "x of n answered correctly before, y of n after".
The appendix keeps the effect sizes, with knowledge items in share correct and
never as a "Mean change". The effect plot is as wide as the printed text column
with labels of at least 8 pt, and every node of the page sits in a landmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from analysis import report
from analysis.pooling import read_session
from analysis.report import front
from analysis.report.content import ReportContent
from analysis.report.svg import WIDTH
from tests.conftest import _copy_migrated
from tests.support.axe import require_axe, rule_violations, serious_violations
from tests.support.browser import browser  # noqa: F401
from workshop import db, demo
from workshop.content import Measure, Survey
from workshop.loading import ContentLibrary

pytestmark = pytest.mark.slow  # one demo session and ~50 charts drawn, shared by the module

TODAY = date(2026, 12, 1)
A4_COLUMN_PX = (210 - 2 * 14) / 25.4 * 96  # the @page margins: 182 mm of text column
MIN_PT = 8.0


@dataclass
class Made:
    content: ReportContent
    page: str
    survey: Survey
    views: dict[str, object]

    @property
    def front(self) -> str:
        return self.page[: self.page.index('<section class="appendix"')]

    @property
    def appendix(self) -> str:
        return self.page[self.page.index('<section class="appendix"') :]


@pytest.fixture(scope="module")
def made(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path, library: ContentLibrary
) -> Iterator[Made]:
    url = f"sqlite:///{tmp_path_factory.mktemp('report-front') / 'workshop.db'}"
    _copy_migrated(migrated_sqlite, url)
    engine = db.get_engine(url)
    try:
        session = demo.fill(engine, library.snapshot("aftercare-workshop"), participants=24).session
        content = report.build(engine, [session.id], created=TODAY)
        data = read_session(engine, session.id)
        views = {q.id: data.view(q) for q in data.survey.questions}
        yield Made(content, report.render(content), data.survey, views)
    finally:
        db.dispose(engine)


def test_the_front_part_names_no_internal_id(made: Made) -> None:
    # Ids that are not plain words ("gender" is both an id and a word of its question).
    ids = {q.id for q in made.survey.questions} | {
        q.construct_id for q in made.survey.questions if q.construct_id
    }
    ids = {i for i in ids if "_" in i}
    assert len(ids) > 30
    words = set(re.findall(r"[\w-]+", re.sub(r"<[^>]+>", " ", made.front)))
    assert ids & words == set(), "internal ids in the facilitator's part"
    for statistic in ("Mean change", "Rank-biserial", "Wilcoxon", "KR-20", "<svg"):
        assert statistic not in made.front, statistic
    # The ids are still there for researchers, in the appendix only.
    assert "know_decline_pre → know_decline_post" in made.appendix


def test_knowledge_items_say_how_many_answered_correctly(made: Made) -> None:
    pairs = [q for q in made.survey.questions if q.knowledge and q.measure is Measure.pre]
    assert len(made.content.knowledge) == len(pairs) >= 2
    for line, pre in zip(made.content.knowledge, pairs, strict=True):
        post = next(
            q
            for q in made.survey.questions
            if q.measure is Measure.post and q.construct_id == pre.construct_id
        )
        before, after = made.views[pre.id], made.views[post.id]
        assert line.statement == pre.text and line.keyed == pre.label_for(pre.correct_code or "")
        # The published counts of the keyed answer, as the question's chart shows them.
        expected = front.knowledge_result(before, after)  # type: ignore[arg-type]
        assert line.result == expected[:1].upper() + expected[1:]
        for view in (before, after):
            shown = view.breakdown.shown_counts().get(pre.correct_code)  # type: ignore[attr-defined]
            if shown is not None:
                assert f"{shown} of {view.responded}" in line.result  # type: ignore[attr-defined]
        assert re.fullmatch(
            r"(Fewer than \d+|\d+) of \d+ answered correctly before, (fewer than \d+|\d+) of \d+ after\.",
            line.result,
        ), line.result
        assert line.result in made.front


def test_knowledge_items_never_show_a_mean_change(made: Made) -> None:
    knowledge = made.content.knowledge_changes
    assert knowledge and all("Mean change" not in line.stats for line in knowledge)
    shown = [line for line in knowledge if line.stats["Pairs"] != ""]
    assert shown and all(
        str(line.stats["Change in answers correct"]).endswith(("percentage points", "items"))
        for line in shown
    )
    scales = made.content.scale_changes
    assert scales and all("Mean change" in line.stats for line in scales)
    table = made.appendix[made.appendix.index("Knowledge items (scored right or wrong)") :]
    table = table[: table.index("</table>")]
    assert "Mean change" not in table and "percentage points" in table


def _svg_size(svg: str) -> tuple[float, list[float]]:
    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    sizes = [float(s) for s in re.findall(r"font-size[=:]\s*\"?([\d.]+)px", svg)]
    return width, sizes


def test_every_chart_is_drawn_as_wide_as_the_column_with_print_sized_labels(made: Made) -> None:
    svgs = [made.content.prepost_svg] + [q.svg for q in made.content.questions if q.svg]
    assert made.content.prepost_svg and len(svgs) > 20
    for svg in svgs:
        width, sizes = _svg_size(str(svg))
        assert width == WIDTH and sizes
        # Drawn at WIDTH px and stretched to the A4 column: a px prints at 0.75 pt or more.
        assert min(sizes) * 0.75 * A4_COLUMN_PX / WIDTH >= MIN_PT, min(sizes)


@pytest.mark.browser
def test_the_page_is_all_landmarks_and_prints_legibly(made: Made, browser) -> None:  # noqa: F811
    require_axe()
    # The report forbids every script (CSP); axe is injected past it, as a test harness.
    page = browser.new_page(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    try:
        page.set_content(made.page)
        assert rule_violations(page, "region") == []
        assert serious_violations(page, allowlist=[]) == []
        page.emulate_media(media="print")
        page.set_viewport_size({"width": round(A4_COLUMN_PX), "height": 1100})
        measured = page.evaluate(
            """() => {
                const svg = document.querySelector('figure.effect svg');
                const box = svg.getBoundingClientRect();
                const scale = box.width / svg.viewBox.baseVal.width || box.width / svg.width.baseVal.value;
                const sizes = [...svg.querySelectorAll('text')].map(t =>
                    parseFloat(getComputedStyle(t).fontSize) * scale * 0.75);
                return {width: box.width, column: document.querySelector('main').clientWidth,
                        smallest: Math.min(...sizes)};
            }"""
        )
        assert measured["width"] >= measured["column"] - 1, measured
        assert measured["smallest"] >= MIN_PT, measured
    finally:
        page.close()
