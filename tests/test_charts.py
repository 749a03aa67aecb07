"""Live views and chart builders: counts from SQL, disclosure applied, charts readable."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import charts, live
from analysis.disclosure import DECLINED, DisclosurePolicy, Mask
from tests.support.rooms import join_people, open_room
from workshop import aggregates, moderation
from workshop.aggregates import ItemCounts, NumericSummary, ParticipantCounts
from workshop.answers import save_answer

FIVE = DisclosurePolicy(k=5, mask_all=False)


@pytest.fixture
def room(engine, library):
    return open_room(engine, library)


def _view(engine, session, survey, item, k=5, seed=0):
    data = live.collect(engine, session.id, survey)
    return live.question_view(
        survey.question(item), data, DisclosurePolicy(k=k, mask_all=False), seed=seed
    )


def _spec_text(chart) -> str:
    return json.dumps(chart.to_dict())


def test_nothing_is_charted_below_k(room) -> None:
    engine, session, survey = room
    for pid in join_people(engine, session, 4):
        save_answer(engine, pid, "importance_pre", "4")
    view = _view(engine, session, survey, "importance_pre")
    assert not view.ready and view.breakdown is None
    assert charts.build_chart(view) is None
    assert charts.notes(view) == ["Results appear once at least 5 people have answered."]
    save_answer(engine, join_people(engine, session, 1)[0], "importance_pre", "5")
    assert _view(engine, session, survey, "importance_pre").ready


def test_choice_bars_are_sorted_with_counts_and_percentages(room) -> None:
    engine, session, survey = room
    pids = join_people(engine, session, 10)
    picks = [["talk"], ["talk", "touch"], ["talk", "quiet"], ["touch"], ["talk"], ["quiet"]]
    for pid, chosen in zip(pids, picks, strict=False):
        save_answer(engine, pid, "practices", chosen)
    for pid in pids[6:]:
        save_answer(engine, pid, "practices", declined=True)
    view = _view(engine, session, survey, "practices")
    frame = charts.choice_frame(view)
    assert list(frame["option"][:3]) == [
        "Talking about how it was",
        "Cuddling or holding each other",
        "Quiet time together",
    ]
    assert frame["text"][0] == "4  (40%)"
    assert frame["option"].iloc[-1] == "Prefer not to answer"
    assert frame["text"].iloc[-1] == "4  (40%)"
    spec = _spec_text(charts.build_chart(view, charts.Style.projector()))
    assert "each could choose several" in spec
    assert '"labelFontSize": 26' in spec


def test_sensitive_small_groups_are_masked_on_the_chart(room) -> None:
    engine, session, survey = room
    pids = join_people(engine, session, 12)
    answers = ["no"] * 7 + ["yes"] * 2 + ["unsure"] * 3
    for pid, code in zip(pids, answers, strict=True):
        save_answer(engine, pid, "low_mood_ever", code)
    view = _view(engine, session, survey, "low_mood_ever")
    masks = {c.key: c.mask for c in view.breakdown.cells}
    assert masks["no"] is Mask.shown
    assert masks["yes"] is Mask.small and masks["unsure"] is Mask.small
    frame = charts.choice_frame(view)
    texts = dict(zip(frame["option"], frame["text"], strict=True))
    assert texts["No"] == "7  (58%)"
    assert texts["Yes"] == "fewer than 5"
    assert texts["Not sure"] == "fewer than 5"
    spec = _spec_text(charts.build_chart(view))
    assert '"2  (' not in spec and '"3  (' not in spec


def test_likert_diverges_around_the_middle(room) -> None:
    engine, session, survey = room
    pids = join_people(engine, session, 10)
    for pid, code in zip(pids, "1223344555", strict=True):
        save_answer(engine, pid, "importance_pre", code)
    view = _view(engine, session, survey, "importance_pre")
    frame = charts.likert_frame(view)
    assert frame["start"].iloc[0] == pytest.approx(-(10 + 20 + 10))  # 1, 2 and half of 3
    assert frame["end"].iloc[-1] == pytest.approx(40 + 10 + 20 + 20 - 40 + 10)  # right side
    assert frame["end"].iloc[-1] - frame["start"].iloc[0] == pytest.approx(100)
    assert charts.likert_colours(5)[2] == charts.NEUTRAL
    assert len(set(charts.likert_colours(5))) == 5
    assert charts.build_chart(view) is not None


def _not_sensitive(survey, item_id):
    """The same survey with one item's sensitive flag off, to test binning on few answers."""
    steps = tuple(
        s.model_copy(update={"sensitive": False}) if getattr(s, "id", None) == item_id else s
        for s in survey.steps
    )
    return survey.model_copy(update={"steps": steps})


def test_number_histogram_marks_the_median(room) -> None:
    engine, session, survey = room
    # minutes_affection is sensitive in the shipped survey (small bins are masked);
    # the binning and the median are what this test checks
    survey = _not_sensitive(survey, "minutes_affection")
    pids = join_people(engine, session, 6)
    for pid, minutes in zip(pids, [5, 10, 10, 20, 30], strict=False):
        save_answer(engine, pid, "minutes_affection", minutes)
    save_answer(engine, pids[5], "minutes_affection", declined=True)
    view = _view(engine, session, survey, "minutes_affection")
    assert view.median == 10
    # round bins from 0 up past the largest answer, not its exact value
    assert view.bins[0].low == 0 and 30 < view.bins[-1].high <= 60
    assert [b.label for b in view.bins[:3]] == ["0–4", "5–9", "10–14"]
    frame = charts.number_frame(view)
    assert frame["count"].sum() == 5
    spec = _spec_text(charts.build_chart(view))
    assert "Median: 10 minutes" in spec
    assert charts.notes(view) == ["Prefer not to answer: 1."]


def test_slider_bins_are_one_per_point(room) -> None:
    engine, session, survey = room
    for pid, value in zip(join_people(engine, session, 5), [0, 3, 3, 7, 10], strict=True):
        save_answer(engine, pid, "comfort_talking", value)
    view = _view(engine, session, survey, "comfort_talking")
    assert [b.label for b in view.bins] == [str(i) for i in range(11)]


def test_ranking_shows_average_place_best_first(room) -> None:
    engine, session, survey = room
    for pid in join_people(engine, session, 5):
        save_answer(engine, pid, "practice_ranking", ["talk", "touch", "quiet", "comfort"])
    view = _view(engine, session, survey, "practice_ranking")
    frame = charts.ranking_frame(view)
    assert list(frame["option"]) == [
        "Talking",
        "Physical closeness",
        "Quiet time",
        "Practical comfort",
    ]
    assert list(frame["place"]) == [1, 2, 3, 4]
    # The bar length grows with preference: the most wanted option has the longest bar.
    assert list(frame["score"]) == [4, 3, 2, 1]
    spec = _spec_text(charts.build_chart(view))
    assert '"field": "score"' in spec and "Longer bar = ranked higher" in spec


def test_only_approved_text_is_shown_and_in_shuffled_order(room) -> None:
    engine, session, survey = room
    pids = join_people(engine, session, 8)
    for i, pid in enumerate(pids):
        save_answer(engine, pid, "one_word", f"answer {i} <b>bold</b>")
    for pid in pids[:6]:
        moderation.set_status(engine, session.id, pid, "one_word", moderation.Status.approved)
    moderation.set_status(engine, session.id, pids[6], "one_word", moderation.Status.hidden)
    orders = {tuple(_view(engine, session, survey, "one_word", seed=s).texts) for s in range(6)}
    assert all(sorted(o) == sorted(f"answer {i} <b>bold</b>" for i in range(6)) for o in orders)
    assert len(orders) > 1  # shuffled, not arrival order
    assert charts.build_chart(_view(engine, session, survey, "one_word")) is None


def test_collect_holds_no_participant_ids(room) -> None:
    engine, session, survey = room
    pids = join_people(engine, session, 5)
    for pid in pids:
        save_answer(engine, pid, "one_word", "fine")
        moderation.set_status(engine, session.id, pid, "one_word", moderation.Status.approved)
    data = live.collect(engine, session.id, survey)
    assert not any(pid in repr(data) for pid in pids)


def _fake(counts: dict[str, int], declined: int = 0) -> live.SessionAggregates:
    item = ItemCounts("low_mood_ever", sum(counts.values()), declined, counts)
    n = item.responded
    return live.SessionAggregates(1, ParticipantCounts(n, n, 0, {}), {item.item_id: item}, {}, {})


def test_batches_hold_the_chart_until_enough_new_answers(library) -> None:
    question = library.snapshot("first-look").survey.question("low_mood_ever")
    batched = live.BatchedViews()
    first = batched.current(1, question, _fake({"no": 6}), FIVE)
    assert first.view.responded == 6 and not first.is_behind
    # one more "yes": the count line moves, the chart does not
    later = batched.current(1, question, _fake({"no": 6, "yes": 1}), FIVE)
    assert later.responded_now == 7 and later.view.responded == 6 and later.is_behind
    assert later.answered_line == "7 of 7 participants answered"
    bigger = batched.current(1, question, _fake({"no": 8, "yes": 3}), FIVE)
    assert bigger.view.responded == 11 and not bigger.is_behind
    # hidden and revealed again: still the last batch, or the one new "yes" would show
    again = batched.current(1, question, _fake({"no": 8, "yes": 4}), FIVE)
    assert again.view.responded == 11 and again.is_behind


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
@settings(max_examples=150, deadline=None)
@given(
    counts=st.fixed_dictionaries({c: st.integers(0, 12) for c in ("yes", "no", "unsure", "na")}),
    declined=st.integers(0, 12),
    k=st.integers(3, 7),
)
def test_sensitive_display_never_shows_a_small_count(library, counts, declined, k) -> None:
    question = library.snapshot("first-look").survey.question("low_mood_ever")
    view = live.question_view(
        question, _fake(counts, declined), DisclosurePolicy(k=k, mask_all=False)
    )
    if not view.ready:
        assert view.responded < k and charts.build_chart(view) is None
        return
    chart = charts.build_chart(view)
    frame = charts.choice_frame(view)
    for _, row in frame.iterrows():
        if not row["masked"]:
            assert row["count"] >= k
        else:
            assert row["count"] == 0 and "fewer than" in row["text"] or "hidden" in row["text"]
    shown = view.breakdown.shown_counts()
    assert all(n >= k for n in shown.values())
    if chart is not None:
        data = [r for ds in chart.to_dict()["datasets"].values() for r in ds]
        assert all(r["count"] == 0 or r["count"] >= k for r in data)
    if view.declined is not None:
        assert view.declined >= k
    assert view.breakdown.cells[-1].key == DECLINED


def test_sql_counts_match_what_the_view_uses(room) -> None:
    engine, session, survey = room
    for pid in join_people(engine, session, 5):
        save_answer(engine, pid, "age_band", "25_34")
    counts = aggregates.item_counts(engine, session.id)["age_band"]
    view = _view(engine, session, survey, "age_band")
    assert view.breakdown.shown_counts()["25_34"] == counts.options["25_34"] == 5
    assert isinstance(
        live.collect(engine, session.id, survey).numbers["minutes_affection"], NumericSummary
    )
