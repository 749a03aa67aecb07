"""Word clouds: normalization, counting once per participant, the k threshold, the layout."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import charts, wordcloud, words
from workshop import validation
from workshop.content import Question, QuestionKind
from workshop.errors import AnswerRejected

WORDS_Q = Question(id="need_words", kind=QuestionKind.words, text="One word for what you need")


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("Hug", "hug"),
        ("HUGS!!", "hug"),
        ("a hug", "hug"),
        ("  Warm   blankets. ", "warm blanket"),
        ("Some quiet time…", "quiet time"),
        ("kisses", "kiss"),
        ("focus", "focus"),  # not a plural, whatever inflect says
        ("glass", "glass"),
        ("Don’t leave", "leave"),
        ("self-care", "self-care"),
        ("the", None),  # only stop words
        ("?!", None),
        ("shit", None),  # profanity list
        ("sh1t", None),  # and its leetspeak
        ("queer", "queer"),  # identity words are allowed
        ("sex", "sex"),
    ],
)
def test_normalize_term(typed, term) -> None:
    assert words.normalize_term(typed) == term


def test_text_answers_count_words_and_words_answers_count_phrases() -> None:
    assert words.terms(QuestionKind.text, "Hugs, hugs and more QUIET time.") == {
        "hug",
        "quiet",
        "time",
    }
    assert words.terms(QuestionKind.words, ["quiet time", "Hugs", "hug"]) == {"quiet time", "hug"}
    assert words.terms(QuestionKind.words, "not a list") == set()


def test_each_word_counts_once_per_participant() -> None:
    counted = words.count_terms(QuestionKind.words, [["hug", "HUGS", "a hug"], ["tea"], ["Hug"]])
    assert counted == Counter({"hug": 2, "tea": 1})


def test_a_survey_in_two_languages_drops_the_little_words_of_both() -> None:
    """A Spanish "un abrazo" counts with "abrazo" as "a hug" does with "hug"."""
    answers = [["un abrazo"], ["abrazo"], ["a hug"], ["hugs"]]
    counted = words.count_terms(QuestionKind.words, answers, language="en,es")
    assert counted == Counter({"abrazo": 2, "hug": 2})
    spanish_only = [["con calma"], ["mucha calma"]]
    assert words.count_terms(QuestionKind.words, spanish_only, language="en,es") == {"calma": 2}
    assert words.count_terms(QuestionKind.words, spanish_only) == {"calma": 1, "mucha calma": 1}


phrases = st.lists(
    st.sampled_from(["hug", "Hugs", "tea", "TEA!", "quiet", "space", "a blanket", "blankets"]),
    min_size=1,
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(answers=st.lists(phrases, max_size=25), k=st.integers(3, 7))
def test_threshold_against_brute_force(answers, k) -> None:
    cloud = words.threshold(words.count_terms(QuestionKind.words, answers), k)
    # brute force: for each term, the participants whose answer contains it
    people: dict[str, set[int]] = {}
    for person, answer in enumerate(answers):
        for phrase in answer:
            term = words.normalize_term(phrase)
            if term:
                people.setdefault(term, set()).add(person)
    expected = {t: len(p) for t, p in people.items() if len(p) >= k}
    assert cloud.counts() == expected
    assert all(n >= k for _, n in cloud.terms)  # never a word from fewer than k people
    assert cloud.below_k == sum(1 for p in people.values() if len(p) < k)
    assert [n for _, n in cloud.terms] == sorted((n for _, n in cloud.terms), reverse=True)
    frequencies = words.word_frequencies("need_words", QuestionKind.words, answers, k)
    assert {(f.word, f.participants) for f in frequencies} == set(expected.items())


def test_hidden_words_leave_the_cloud_not_the_counts() -> None:
    cloud = words.threshold({"hug": 6, "tea": 5, "space": 2}, 5)
    assert words.without(cloud, ["Hug"]).terms == (("tea", 5),)
    assert words.without(cloud, ["hug"]).below_k == 1
    rows = words.word_frequencies("q", QuestionKind.words, [["hug"]] * 5, 5, hidden=["hug"])
    assert rows == []


def test_hidden_count_wording() -> None:
    assert words.below_k_line(words.Cloud(5, (), 0)) is None
    assert (
        words.below_k_line(words.Cloud(5, (), 1)) == "1 more word was given by fewer than 5 people."
    )
    assert (
        words.below_k_line(words.Cloud(5, (), 12))
        == "12 more words were each given by fewer than 5 people."
    )
    assert words.cloud_notes(words.Cloud(4, (), 0)) == [
        "No word has been given by 4 or more people yet."
    ]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (["hug", " warm  tea ", ""], ["hug", "warm tea"]),
        (["Hug", "hug"], ["Hug"]),
        ("calm", ["calm"]),
    ],
)
def test_words_answers_are_stored_as_a_json_list(raw, stored) -> None:
    assert json.loads(validation.normalize(WORDS_Q, raw).value_json) == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["", "  "], "at least one word"),
        (["a", "b", "c", "d"], "at most 3"),
        (["x" * 41], "40 characters"),
        ([3], "as text"),
    ],
)
def test_words_answers_are_checked(raw, message) -> None:
    with pytest.raises(AnswerRejected, match=message):
        validation.normalize(WORDS_Q, raw)


def test_layout_is_deterministic_and_nothing_overlaps() -> None:
    terms = tuple((f"word{i}", 40 - i) for i in range(30)) + (("a much longer phrase", 5),)
    first = wordcloud.layout(terms, 1160, 620)
    assert first == wordcloud.layout(terms, 1160, 620)  # same words, same places
    assert [p.word for p in first] == [t for t, _ in terms]
    boxes = [wordcloud._box(p.word, p.size, p.x, p.y) for p in first]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= 1160 and a[3] <= 620
        for b in boxes[i + 1 :]:
            assert not wordcloud._overlaps(a, b)
    sizes = [p.size for p in first]
    assert sizes == sorted(sizes, reverse=True)  # more people, larger type


def test_cloud_chart_draws_plain_text_marks() -> None:
    from analysis.live import QuestionView, ViewState

    cloud = words.threshold({"<b>hug</b>": 7, "tea": 5, "rare": 1}, 5)
    view = QuestionView(WORDS_Q, 5, 8, 0, 8, ViewState.ready, cloud=cloud)
    spec = charts.cloud_chart(view, charts.Style.projector()).to_dict()
    assert spec["mark"]["type"] == "text"
    assert "tooltip" not in json.dumps(spec["encoding"])  # Vega tooltips may render HTML
    data = next(iter(spec["datasets"].values()))
    assert {row["word"] for row in data} == {"<b>hug</b>", "tea"}  # data, never markup
    assert charts.build_chart(view) is None
    bars = charts.word_bar_chart(view).to_dict()
    bar_rows = next(iter(bars["datasets"].values()))
    assert [row["word"] for row in bar_rows] == ["<b>hug</b>", "tea"]
    assert "1 more word was given by fewer than 5 people." in charts.notes(view)


def test_words_questions_in_content_files() -> None:
    from pydantic import ValidationError

    from workshop.content import Survey

    survey = Survey.model_validate(
        {
            "id": "s",
            "version": 1,
            "title": "S",
            "steps": [{"id": "need", "kind": "words", "text": "One word for what you need"}],
        }
    )
    assert survey.questions[0].kind is QuestionKind.words
    with pytest.raises(ValidationError, match="'options' does not apply to a words question"):
        Question(id="w", kind="words", text="W", options=[{"code": "a", "label": "A"}])
    with pytest.raises(ValidationError, match="'max_length' applies only to text questions"):
        Question(id="w", kind="words", text="W", max_length=20)
    schema = Survey.model_json_schema(by_alias=True)
    assert "words" in json.dumps(schema["$defs"]["QuestionKind"])


def test_a_few_words_are_cut_to_their_own_box_to_fill_a_screen() -> None:
    """The cloud's chart is the words' box (never under 60% of the canvas each way), so the
    audience screen, which scales the chart to its area, shows three words large."""
    few = wordcloud.layout((("hug", 9), ("quiet time", 6), ("tea", 5)), 1400, 640)
    left, top, right, bottom = wordcloud.extent(few, 1400, 640)
    assert right - left >= 0.6 * 1400 and bottom - top >= 0.6 * 640
    for p in few:
        box = wordcloud._box(p.word, p.size, p.x, p.y)
        assert left <= box[0] and top <= box[1] and box[2] <= right and box[3] <= bottom
    many = wordcloud.layout(tuple((f"word{i}", 40 - i) for i in range(30)), 1400, 640)
    l2, t2, r2, b2 = wordcloud.extent(many, 1400, 640)
    assert r2 - l2 > right - left  # many words keep (about) the whole canvas
