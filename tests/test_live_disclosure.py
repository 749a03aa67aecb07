"""Every question kind, with masking on: no display shows or implies a group of 1..k-1.

Answers are generated per participant, counted by brute force into the
aggregates a live display gets, then put through question_view and the
batches (with results hidden and revealed along the way). What each display
may show is checked against the raw answers.
"""

from __future__ import annotations

import statistics
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import charts, live, words
from analysis.disclosure import DECLINED, DisclosurePolicy, Mask
from analysis.results import category_rows
from tests.test_disclosure import _feasible_values
from workshop.aggregates import ItemCounts, NumericSummary, ParticipantCounts
from workshop.content import Option, Question, QuestionKind

K = QuestionKind
PARTITION = (K.likert, K.single, K.number, K.slider)


def _options(n: int) -> tuple[Option, ...]:
    return tuple(Option(code=f"o{i}", label=f"Option {i}") for i in range(n))


QUESTIONS = {
    K.likert: Question(id="q_likert", kind=K.likert, text="Likert", options=_options(5)),
    K.single: Question(id="q_single", kind=K.single, text="Single", options=_options(3)),
    K.multiple: Question(id="q_multiple", kind=K.multiple, text="Multiple", options=_options(4)),
    K.number: Question(id="q_number", kind=K.number, text="Number", min=0, max=20),
    K.slider: Question(id="q_slider", kind=K.slider, text="Slider", min=0, max=6),
    K.ranking: Question(id="q_ranking", kind=K.ranking, text="Ranking", options=_options(3)),
    K.text: Question(id="q_text", kind=K.text, text="Text"),
    K.words: Question(id="q_words", kind=K.words, text="Words"),
}
VOCABULARY = ["hug", "tea", "quiet", "space", "blanket", "talk"]


def answer_strategy(kind: QuestionKind) -> st.SearchStrategy:
    codes = [f"o{i}" for i in range(len(QUESTIONS[kind].options))]
    given_answer = {
        K.likert: st.sampled_from(codes),
        K.single: st.sampled_from(codes),
        K.multiple: st.sets(st.sampled_from(codes), min_size=1).map(sorted),
        K.number: st.integers(0, 20),
        K.slider: st.integers(0, 6),
        K.ranking: st.permutations(codes),
        K.text: st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(" ".join),
        K.words: st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
    }[kind]
    return st.one_of(st.none(), given_answer)  # None: "prefer not to answer"


def aggregates(question: Question, answers: list[object]) -> live.SessionAggregates:
    """What collect() would return for these answers, counted by brute force."""
    given_answers = [a for a in answers if a is not None]
    options: Counter[str] = Counter()
    ranks: dict[str, list[int]] = {}
    for answer in given_answers:
        if question.kind in (K.likert, K.single):
            options[answer] += 1
        elif question.kind in (K.multiple, K.ranking):
            options.update(answer)
            if question.kind is K.ranking:
                for place, code in enumerate(answer, start=1):
                    ranks.setdefault(code, []).append(place)
    item = ItemCounts(
        question.id,
        len(given_answers),
        len(answers) - len(given_answers),
        dict(options),
        {code: statistics.mean(places) for code, places in ranks.items()},
    )
    numbers = {}
    if question.kind in (K.number, K.slider):
        values = [float(a) for a in given_answers]
        numbers[question.id] = NumericSummary(
            question.id,
            len(values),
            statistics.mean(values) if values else None,
            min(values, default=None),
            max(values, default=None),
            dict(Counter(values)),
        )
    word_counts = {}
    if question.kind in words.CLOUD_KINDS:
        word_counts[question.id] = dict(words.count_terms(question.kind, given_answers))
    texts = tuple(a for a in given_answers if isinstance(a, str)) if question.kind is K.text else ()
    n = len(answers)
    return live.SessionAggregates(
        1,
        ParticipantCounts(n, n, 0, {}),
        {question.id: item} if answers else {},
        numbers,
        {question.id: texts} if texts else {},
        word_counts,
    )


def check_view(view: live.QuestionView, answers: list[object], k: int) -> None:
    """Nothing on any display is a group of 1..k-1, nor can one be worked out."""
    responded = len(answers)
    answered = sum(1 for a in answers if a is not None)
    assert view.responded == responded
    if not view.ready:
        assert responded < k
        assert view.breakdown is None and view.cloud is None and not view.mean_rank
        assert charts.build_chart(view) is None
        return
    kind = view.question.kind
    if view.declined is not None:
        assert view.declined >= k
        if kind not in PARTITION:  # (partitions: the subtraction check below)
            assert responded - view.declined in (0, *range(k, responded + 1))
    breakdown = view.breakdown
    if breakdown is not None:
        assert all(n >= k for n in breakdown.shown_counts().values())
        if kind in PARTITION and not breakdown.withheld:
            keys = [c.key for c in breakdown.cells]
            truth = dict(zip(keys, _cell_truth(view, answers), strict=True))
            for key, values in _feasible_values(breakdown, k).items():
                assert truth[key] in values
                assert values != {truth[key]} or truth[key] == 0  # never pinned to 1..k-1
        for cell in breakdown.cells:
            if cell.mask is Mask.small:
                assert cell.count is None
        for row in category_rows(view):  # the phones' end screen
            assert row.count is None or row.count >= k
        chart = charts.build_chart(view)
        if chart is not None:
            for rows in chart.to_dict().get("datasets", {}).values():
                for row in rows:
                    if "count" in row:
                        assert row["count"] == 0 or row["count"] >= k
    if kind is K.ranking and view.mean_rank:
        assert answered >= k  # a mean over fewer than k people would be theirs
    if view.cloud is not None:
        assert all(n >= k for _, n in view.cloud.terms)
        expected = words.count_terms(kind, [a for a in answers if a is not None])
        assert view.cloud.counts() == {t: n for t, n in expected.items() if n >= k}


def _cell_truth(view: live.QuestionView, answers: list[object]) -> list[int]:
    """The true count of each cell of a partition breakdown, in cell order."""
    given_answers = [a for a in answers if a is not None]
    out = []
    for cell in view.breakdown.cells:
        if cell.key == DECLINED:
            out.append(len(answers) - len(given_answers))
        elif view.bins:
            index = next(i for i, b in enumerate(view.bins) if b.key == cell.key)
            out.append(sum(1 for a in given_answers if _bin_index(view.bins, float(a)) == index))
        else:
            out.append(sum(1 for a in given_answers if a == cell.key))
    return out


def _bin_index(bins, value: float) -> int:
    index = 0
    for i, b in enumerate(bins):
        if value >= b.low:
            index = i
    return index


FLAGS = [
    {"mask_all": True},
    {"mask_all": False, "quasi_identifier": True},
    {"mask_all": False, "sensitive": True},
]


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
@pytest.mark.parametrize("kind", list(K))
@pytest.mark.parametrize("flags", FLAGS, ids=["mask_all", "quasi_identifier", "sensitive"])
@settings(max_examples=35, deadline=None)
@given(data=st.data(), k=st.integers(3, 6))
def test_no_display_shows_a_small_group(kind, flags, data, k) -> None:
    question = QUESTIONS[kind].model_copy(
        update={f: v for f, v in flags.items() if f != "mask_all"}
    )
    answers = data.draw(st.lists(answer_strategy(kind), max_size=30), label="answers")
    policy = DisclosurePolicy(k=k, mask_all=flags["mask_all"])
    view = live.question_view(question, aggregates(question, answers), policy)
    check_view(view, answers, k)


events = st.one_of(
    st.tuples(st.just("answer"), st.integers(1, 3)),
    st.tuples(st.just("withdraw"), st.integers(1, 2)),
    st.tuples(st.just("hide"), st.just(0)),
    st.tuples(st.just("reveal"), st.just(0)),
)


@pytest.mark.parametrize("kind", list(K))
@settings(max_examples=25, deadline=None)
@given(data=st.data(), k=st.integers(3, 5), steps=st.lists(events, min_size=1, max_size=25))
def test_batches_and_reveal_never_move_by_fewer_than_k(kind, data, k, steps) -> None:
    """Across batches, withdrawals and hide/reveal, a published view changes only by k or more."""
    question = QUESTIONS[kind]
    batched = live.BatchedViews()
    answers: list[object] = []
    revealed = True
    published: list[live.QuestionView] = []
    for event, n in steps:
        if event == "answer":
            answers += data.draw(st.lists(answer_strategy(kind), min_size=n, max_size=n))
        elif event == "withdraw":
            del answers[:n]
        else:
            revealed = event == "reveal"
        if not revealed:
            continue  # nobody sees it; the batch baseline is kept as it was
        result = batched.current(1, question, aggregates(question, answers), DisclosurePolicy(k=k))
        assert result.responded_now == len(answers)
        if not result.view.ready:
            continue
        if published and result.view.responded != published[-1].responded:
            assert abs(result.view.responded - published[-1].responded) >= k
        if published and result.view.responded == published[-1].responded:
            same = published[-1]
            assert result.view.breakdown == same.breakdown
            assert result.view.cloud == same.cloud
            assert result.view.mean_rank == same.mean_rank
            assert result.view.declined == same.declined
        published.append(result.view)
