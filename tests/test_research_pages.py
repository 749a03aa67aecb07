"""The researcher page pools several sessions (table, forest plot) and offers the report.

"Before and after" speaks as the session report does (analysis/report/front.py):
questions by their text or label, never an internal id; knowledge items as
"x of n answered correctly before, y of n after"; the statistics behind an
expander, knowledge items there in percentage points correct, never "Mean change".
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.test_export_page import staff_page
from workshop import demo
from workshop.content import Measure, Survey
from workshop.loading import ContentLibrary

KNOWLEDGE_RESULT = re.compile(
    r"Right answer: [^.]+\. (?:(?:Fewer than \d+|\d+) of \d+ answered correctly before"
    r"|Before: [^;]+)[,;] (?:fewer than \d+|\d+) of \d+ (?:answered correctly )?after\."
)


def internal_ids(survey: Survey) -> set[str]:
    """Ids that are not plain words ("gender" is an id and a word too), and the score's."""
    ids = {q.id for q in survey.questions} | {q.construct_id or "" for q in survey.questions}
    return {i for i in ids if "_" in i} | {"knowledge_pre", "knowledge_post"}


def shown_text(at: AppTest) -> str:
    """Everything a person can read on the page: text, labels, tables, chart data and specs."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        kind = type(node).__name__
        if kind == "Dataframe":
            frame = node.value
            parts.extend([*map(str, frame.columns), frame.to_csv(index=False)])
        elif kind == "UnknownElement" and node.type == "arrow_vega_lite_chart":
            parts.append(node.proto.spec)
            parts.extend(d.data.data.decode("utf-8", "replace") for d in node.proto.datasets)
        else:
            for name in ("value", "label", "body"):
                value = getattr(node, name, None)
                if isinstance(value, str) and not value.lstrip().startswith("<style>"):
                    parts.append(value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(parts)


@pytest.mark.slow
def test_export_page_pools_sessions_and_makes_the_report(
    app_engine: Engine, library: ContentLibrary
) -> None:
    ids = [
        demo.fill(app_engine, library.snapshot("first-look"), participants=12, seed=s).session.id
        for s in (1, 2, 3)
    ]
    at = staff_page().run()
    for session_id in ids:
        at.multiselect[0].select(session_id)
    at.checkbox[1].check()  # SPSS
    at.checkbox[2].check()  # and Stata: one export holds one of them
    at.button[0].click().run()
    assert "not both" in at.error[0].value
    at.checkbox[1].uncheck()
    at.button[0].click().run()
    assert not at.exception, at.exception
    headers = [h.value for h in at.subheader]
    assert "Sessions side by side" in headers and "Effect per session (forest plot)" in headers
    assert len(at.dataframe[0].value) == 3  # one row per session
    # The pooled tables and forest plots name questions by their labels (the export's own
    # summary above them names its columns, which are the ids, on purpose).
    pooled = [d.value.to_csv() for d in at.dataframe]
    pooled += [str(c.proto) for c in at.get("arrow_vega_lite_chart")]
    words = set(re.findall(r"[\w-]+", "\n".join(pooled)))
    assert internal_ids(library.snapshot("first-look").survey) & words == set()
    make = next(b for b in at.button if b.label == "Make the report (HTML)")
    make.click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the report" in labels


@pytest.mark.slow
def test_before_and_after_page_offers_the_session_report(
    app_env, app_engine, library, monkeypatch
) -> None:
    from tests.test_facilitator_app import PASSPHRASE, _log_in, app

    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception
    make = next(b for b in at.sidebar.button if b.label == "Make the report (HTML)")
    make.click().run()
    assert not at.exception, at.exception
    assert "Download the report" in [d.proto.label for d in at.get("download_button")]


@pytest.mark.slow
def test_before_and_after_speaks_like_the_report(
    app_env, app_engine, library, staff_passphrase
) -> None:
    from tests.support.apptest import app, log_in

    survey = library.snapshot("aftercare-workshop").survey
    demo.fill(app_engine, library.snapshot("aftercare-workshop"), participants=30)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception, at.exception
    page = shown_text(at)
    words = set(re.findall(r"[\w-]+", page))
    ids = internal_ids(survey)
    assert len(ids) > 30 and ids & words == set(), "internal ids on the page"

    # Knowledge items: the statement, the right answer, and how many answered correctly.
    texts = [t.value for t in at.text]
    pairs = [q for q in survey.questions if q.knowledge and q.measure is Measure.pre]
    assert len(pairs) >= 2
    for question in pairs:
        result = texts[texts.index(question.text) + 1]
        assert KNOWLEDGE_RESULT.fullmatch(result), result
    assert any(re.search(r"\b\d+ of \d+ answered correctly before", t) for t in texts)
    # Scale questions keep their plain reading; knowledge items none ("Answers changed").
    assert any(t.startswith("Answers moved") for t in texts)
    assert not any(t.startswith("Answers changed") for t in texts)

    # The statistics, behind an expander: knowledge items in percentage points correct.
    [expander] = [e for e in at.expander if e.label == "For researchers: the statistics"]
    scales, knowledge = (frame.value for frame in expander.dataframe)
    assert "Mean change" in scales.columns and "Mean change" not in knowledge.columns
    shown = [c for c in knowledge["Change in answers correct"] if c]
    assert shown and all(c.endswith(("percentage points", "items")) for c in shown)
    outside = {e.proto.id for e in expander.dataframe}
    assert not [d for d in at.main.dataframe if d.proto.id not in outside]  # none in the open


@pytest.mark.slow
def test_questions_left_out_of_pooling_are_named_by_their_labels(
    app_engine: Engine, library: ContentLibrary
) -> None:
    from analysis.prepost_wording import short_label

    snapshot = library.snapshot("first-look")
    first = snapshot.survey.questions[0]
    steps = tuple(
        step.model_copy(update={"text": step.text + " (reworded)"}) if step is first else step
        for step in snapshot.survey.steps
    )
    version = snapshot.survey.version + 1
    reworded = snapshot.survey.model_copy(update={"steps": steps, "version": version})
    ids = [
        demo.fill(app_engine, made, participants=12, seed=1).session.id
        for made in (snapshot, snapshot.model_copy(update={"survey": reworded}))
    ]
    at = staff_page().run()
    for session_id in ids:
        at.multiselect[0].select(session_id)
    at.button[0].click().run()
    assert not at.exception, at.exception
    [left_out] = [c.value for c in at.caption if "Left out:" in c.value]
    assert f"Left out: {short_label(first)} (wording" in left_out
    assert first.id not in left_out
