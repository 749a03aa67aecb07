"""Every question kind has every part in every layer (issue #22, point 2).

The kinds come from the content model's enum (workshop.content.QuestionKind),
never from the registries, so a kind added to the model without its entries
fails here. Each (kind, layer) case checks the entry exists and then uses it
on a real room: a question of the kind made from its shape alone, answered by
the demo generator, saved, counted, charted, described and exported.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from analysis import chart_text, charts, live
from analysis import kinds as analysis_kinds
from analysis.charts import draw
from analysis.dataset import Item, is_missing, load
from analysis.disclosure import DisclosurePolicy
from analysis.export import columns as export_columns
from analysis.export.summary import build_summary
from analysis.kinds import View
from tests.support.server import migrated
from ui.participant import kinds as ui_kinds
from ui.participant import results as participant_results
from ui.participant.widgets import key_for
from workshop import db, moderation, sessions
from workshop import kinds as workshop_kinds
from workshop.answers import save_answer
from workshop.content import Question, QuestionKind, Survey, SurveySnapshot
from workshop.kind_shapes import SHAPES
from workshop.participants import join, record_consent

KINDS = list(QuestionKind)  # the model's kinds: the registries are what is under test
PEOPLE = 12
K = 5


def example(kind: QuestionKind) -> Question:
    """The smallest valid question of a kind, made from its shape as a survey builder would."""
    shape = SHAPES[kind]
    data: dict[str, object] = {"id": f"q_{kind.value}", "kind": kind.value, "text": f"A {kind}?"}
    if shape.options is not None:
        count = shape.options.counts[0] if shape.options.counts else shape.options.at_least + 1
        data["options"] = [{"code": f"o{i}", "label": f"Option {i}"} for i in range(count)]
    if shape.bounds_required:
        data |= {"min": 0, "max": 10}
    return Question.model_validate(data)


@dataclasses.dataclass
class Room:
    """A session asking one question of a kind, answered by PEOPLE demo participants."""

    engine: Engine
    session_id: int
    survey: Survey

    @property
    def question(self) -> Question:
        return self.survey.questions[0]

    @property
    def data(self) -> live.SessionAggregates:
        return live.collect(self.engine, self.session_id, self.survey)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    _, engine = migrated(Path(tmp_path_factory.mktemp("kinds")))
    yield engine
    db.dispose(engine)


def open_room(engine: Engine, kind: QuestionKind) -> Room:
    """One room per kind, so a kind lacking a part fails only its own cases."""
    question = example(kind)
    survey = Survey(id="kinds", version=1, title="One kind", steps=[question])
    snapshot = SurveySnapshot(survey=survey, modules={})
    session = sessions.create_session(engine, snapshot, title=kind.value, open_now=True)
    rng = random.Random(3)
    weights = {question.id: [1.0] * len(question.options)}
    for _ in range(PEOPLE):
        _, person = join(engine, session.code)
        record_consent(engine, person.id)
        answer = workshop_kinds.spec(kind).demo(rng, question, {}, weights)
        save_answer(engine, person.id, question.id, answer)
    for text in moderation.texts(engine, session.id):
        moderation.set_status(
            engine, session.id, text.participant_id, text.item_id, moderation.Status.approved
        )
    return Room(engine, session.id, survey)


def check_model(kind: QuestionKind) -> None:
    shape = SHAPES[kind]
    assert shape.label and shape.noun
    assert example(kind).kind is kind


def check_workshop(room: Room, kind: QuestionKind) -> None:
    spec = workshop_kinds.KINDS[kind]
    assert spec.kind is kind and spec.shape is SHAPES[kind] and spec.label
    question = room.question
    answer = spec.demo(random.Random(1), question, {}, {question.id: [1.0] * len(question.options)})
    normalized = spec.normalize(question, answer)
    assert bool(normalized.codes) == spec.stores_codes
    dataset = load(room.engine, [room.session_id], K)
    given = [r.values[question.id] for r in dataset.records]
    assert len(given) == PEOPLE and not any(is_missing(v) for v in given)


def check_analysis(room: Room, kind: QuestionKind) -> None:
    spec = analysis_kinds.KINDS[kind]
    question = room.question
    view = live.question_view(question, room.data, DisclosurePolicy(k=K, mask_all=False))
    assert view.ready
    promised: dict[View, Callable[[live.QuestionView], object]] = {
        View.categories: lambda v: v.breakdown,
        View.numbers: lambda v: v.bins and v.breakdown,
        View.ranking: lambda v: v.mean_rank,
        View.cloud: lambda v: v.cloud,
    }
    assert promised[spec.view](view), f"{kind}: the {spec.view} view is empty"
    assert chart_text.title(view).startswith(spec.chart_title + ": ")
    chart = charts.build_chart(view)
    if spec.cloud:
        assert chart is None  # drawn on request as a cloud or bars
        charts.cloud_chart(view)
        charts.word_bar_chart(view)
    else:
        assert chart is not None and chart_text.summary(view)
    assert isinstance(charts.notes(view), list)
    item = Item(question, "kinds")
    assert export_columns.item_columns(item, None, include_text=True)
    dataset = load(room.engine, [room.session_id], K)
    built = export_columns.item_columns(dataset.item(question.id), None, include_text=True)
    summary = build_summary(dataset, built)
    assert any(c.item == question.id and c.category == "answered" for c in summary.cells)


_RENDER = """
import json
import streamlit as st
from ui.participant import kinds
from workshop.content import Question

question = Question.model_validate(json.loads({data!r}))
if kinds.widget(question).in_form:
    with st.form("step"):
        kinds.render(question, None)
        st.form_submit_button("Next")
else:
    kinds.render(question, None)
"""


def check_ui(room: Room, kind: QuestionKind) -> None:
    widget = ui_kinds.KINDS[kind]
    question = room.question
    assert widget.read(question, {}) is None  # nothing given reads as no answer
    app = AppTest.from_string(_RENDER.format(data=question.model_dump_json()), default_timeout=30)
    app.run()
    assert not app.exception
    keys = [key_for(question), *(key_for(question, code) for code in question.option_codes)]
    assert any(key in app.session_state for key in keys), f"{kind}: no widget keyed {keys[0]}"


LAYERS: dict[str, Callable[[Room, QuestionKind], None]] = {
    "workshop": check_workshop,
    "analysis": check_analysis,
    "ui": check_ui,
}


@pytest.mark.parametrize("layer", ["model", *LAYERS])
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_every_kind_has_every_part(database: Engine, kind: QuestionKind, layer: str) -> None:
    registry: dict[QuestionKind, object] = {
        "model": SHAPES,
        "workshop": workshop_kinds.KINDS,
        "analysis": analysis_kinds.KINDS,
        "ui": ui_kinds.KINDS,
    }[layer]
    assert kind in registry, f"the {layer} registry has no entry for the {kind} kind"
    if layer == "model":
        check_model(kind)
        return
    LAYERS[layer](open_room(database, kind), kind)


@pytest.mark.parametrize(
    ("rule", "table"),
    [
        (analysis_kinds.Chart, draw.DRAW),
        (analysis_kinds.Chart, draw.NOTES),
        (analysis_kinds.View, chart_text.SUMMARIES),
        (analysis_kinds.View, participant_results.RESULTS),
        (analysis_kinds.Columns, export_columns.COLUMNS),
    ],
    ids=["charts", "chart notes", "chart text", "participant results", "export columns"],
)
def test_every_rule_has_an_implementation(rule: type, table: dict[object, object]) -> None:
    assert set(table) == set(rule)


def test_registries_name_only_model_kinds() -> None:
    for registry in (SHAPES, workshop_kinds.KINDS, analysis_kinds.KINDS, ui_kinds.KINDS):
        assert set(registry) == set(QuestionKind)
