"""The session report: the live display's figures, self-contained HTML, text only when asked."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import Engine

from analysis import live, report, results
from analysis.disclosure import DisclosurePolicy
from analysis.report import content as report_content
from workshop import demo, moderation, sessions
from workshop.answers import save_answer
from workshop.loading import ContentLibrary
from workshop.participants import join, record_consent

TODAY = date(2026, 12, 1)
HOSTILE = "<script>alert(1)</script> & <b>bold</b> tea"


def _demo(engine: Engine, library: ContentLibrary, survey: str = "first-look", seed: int = 7):
    return demo.fill(engine, library.snapshot(survey), participants=24, seed=seed).session


@pytest.mark.slow
def test_report_figures_are_the_live_displays(engine: Engine, library: ContentLibrary) -> None:
    session = _demo(engine, library)
    made = report.build(engine, [session.id], created=TODAY)
    survey = sessions.get_snapshot(engine, session.id).survey
    data = live.collect(engine, session.id, survey)
    assert [s.question.id for s in made.questions] == [q.id for q in survey.questions]
    k = session.settings.k
    for section in made.questions:
        view = live.question_view(
            section.question, data, DisclosurePolicy(k=k, mask_all=session.settings.mask_all)
        )
        assert section.rows == tuple(results.category_rows(view)), section.question.id
        assert section.responded == view.responded
        assert section.ready == view.ready
        # Masking is on for every question by default: no shown group is smaller than k.
        for row in section.rows:
            assert row.count is None or row.count >= k, (section.question.id, row)
        for word in section.words:
            assert word.participants >= k
        if view.cloud is not None:
            assert [(w.word, w.participants) for w in section.words] == list(view.cloud.terms)
    facts = made.sessions[0]
    assert (facts.joined, facts.consented) == (24, 24)
    assert facts.survey_version == survey.version


@pytest.mark.slow
def test_the_html_loads_nothing_from_anywhere(engine: Engine, library: ContentLibrary) -> None:
    session = _demo(engine, library)
    page = report.render(report.build(engine, [session.id], created=TODAY))
    assert "<svg" in page
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", " src=", "href="):
        assert forbidden not in page.lower(), forbidden
    # url() only points inside the page (SVG clip paths), and every id is unique in it.
    assert re.findall(r"url\((?!#)", page) == []
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids))
    for ref in re.findall(r"url\(#([^)]+)\)", page):
        assert ref in ids
    # The only addresses are XML namespace names inside the SVG, which are never fetched.
    addresses = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, addresses
    assert "@media print" in page


def _hostile_text(engine: Engine, session_id: int, code: str) -> None:
    _, person = join(engine, code)
    record_consent(engine, person.id)
    save_answer(engine, person.id, "one_word", HOSTILE)
    moderation.set_status(engine, session_id, person.id, "one_word", moderation.Status.approved)


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
def test_free_text_only_when_asked_and_always_escaped(
    engine: Engine, library: ContentLibrary
) -> None:
    session = _demo(engine, library)
    _hostile_text(engine, session.id, session.code)
    without = report.render(report.build(engine, [session.id], created=TODAY))
    assert "alert(1)" not in without
    assert "Free-text answers are left out" in without
    page = report.render(report.build(engine, [session.id], include_text=True, created=TODAY))
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; tea" in page


@pytest.mark.slow
def test_three_sessions_pooled_with_a_forest_plot(engine: Engine, library: ContentLibrary) -> None:
    ids = [_demo(engine, library, seed=seed).id for seed in (1, 2, 3)]
    made = report.build(engine, ids, created=TODAY)
    assert made.pooled and made.sessions_table is not None
    assert len(made.sessions_table) == 3 and list(made.sessions_table["Joined"]) == [24] * 3
    assert made.shared is not None and not made.shared.excluded
    assert made.forest_svgs, "a forest plot per construct"
    pooled_rows = made.forest[made.forest["session"] == "Pooled (random effects)"]
    assert len(pooled_rows) == len(made.forest_svgs)
    for section in made.questions:
        per_session = [
            report_content.pooling.read_session(engine, sid).view(section.question) for sid in ids
        ]
        for row, cell in zip(section.rows, section.question.option_codes, strict=False):
            counts = [v.breakdown.shown_counts().get(cell) for v in per_session if v.breakdown]
            if row.count is not None:
                assert None not in counts and row.count == sum(counts)
    page = report.render(made)
    assert "3 sessions pooled" in page and "Pooled (random effects)" in page


def test_sessions_of_different_surveys_are_not_pooled(
    engine: Engine, library: ContentLibrary
) -> None:
    a = _demo(engine, library, "first-look")
    b = _demo(engine, library, "quick-poll")
    with pytest.raises(report.ReportError, match="different surveys"):
        report.build(engine, [a.id, b.id], created=TODAY)


@pytest.mark.slow
def test_chart_rendering_opens_no_network_connection(tmp_path) -> None:
    """vl-convert draws offline: under strace, no connect() to anything but a local socket."""
    import shutil
    import subprocess
    import sys

    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("needs strace (apt-get install -y strace)")
    script = (
        "import altair as alt, pandas as pd\n"
        "from analysis.report.svg import chart_svg\n"
        "frame = pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})\n"
        "assert '<svg' in chart_svg(alt.Chart(frame).mark_bar().encode(x='a:Q', y='b:N'))\n"
    )
    log = tmp_path / "trace"
    subprocess.run(
        [
            strace,
            "-f",
            "-e",
            "trace=connect,sendto,sendmsg",
            "-o",
            str(log),
            sys.executable,
            "-c",
            script,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    calls = [line for line in log.read_text().splitlines() if "connect(" in line or "send" in line]
    assert [line for line in calls if "AF_UNIX" not in line and "AF_NETLINK" not in line] == []
