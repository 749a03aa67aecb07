"""Issue 16 findings 2, 4, 11, 12 on the export side: groups in record-level files,
summary.csv cells that could be worked out, row order, and what ANONYMIZATION.md says."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dataset import Dataset, Item, Missing, Record
from analysis.export.build import Export, ExportOptions, export_dataset
from analysis.export.columns import item_columns, meta_columns
from analysis.export.protection import Equation, exposed, protect
from analysis.export.report import Report, render
from analysis.export.steps import apply_k_anonymity, apply_text
from analysis.export.summary import Cell, build_summary
from workshop.content import QuestionKind, Survey
from workshop.loading import ContentLibrary

SUPPRESSED = Missing.suppressed.value


def _rows(export: Export, name: str) -> list[dict[str, str]]:
    text = export.files[name].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _survey(library: ContentLibrary, survey_id: str) -> Survey:
    return library.snapshot(survey_id).survey


def _dataset(survey: Survey, people: list[dict[str, object]], k: int, sessions=None) -> Dataset:
    """Records that answered only what `people` says; everything else not reached."""
    items = [Item(q, survey.id) for q in survey.questions]
    records = []
    for index, answers in enumerate(people):
        code = sessions[index] if sessions else "AAAAAA"
        values = {item.id: answers.get(item.id, Missing.not_reached) for item in items}
        records.append(Record(code, date(2026, 1, 1), True, values))
    codes = sorted({r.session_code for r in records}) or ["AAAAAA"]
    return Dataset(items, records, codes, k)


def _qi_ids(survey: Survey) -> list[str]:
    return [q.id for q in survey.questions if q.quasi_identifier]


def _classes_wide(export: Export, qis: list[str]) -> Counter:
    return Counter(
        (row["session"], *(row[q] for q in qis)) for row in _rows(export, "responses_wide.csv")
    )


def _classes_long(export: Export, qis: list[str]) -> Counter:
    people: dict[str, dict[str, str]] = {}
    for row in _rows(export, "responses_long.csv"):
        person = people.setdefault(row["participant"], {"session": row["session"]})
        if row["item"] in qis:
            person[row["item"]] = row["value"]
    return Counter((p["session"], *(p[q] for q in qis)) for p in people.values())


# --- finding 2: the SUPPRESSED rows are a group too --------------------------


def test_the_only_young_non_binary_person_is_not_a_group_of_one(library: ContentLibrary) -> None:
    """Issue 16 finding 2: 7 people, one the only 18-24 non-binary one, k = 3."""
    survey = _survey(library, "aftercare-workshop")
    qis = _qi_ids(survey)
    assert qis == ["age_group", "gender"]
    age = next(q for q in survey.questions if q.id == "age_group").option_codes
    gender = next(q for q in survey.questions if q.id == "gender").option_codes
    people: list[dict[str, object]] = [
        {"age_group": age[-1], "gender": gender[0], "satisfaction_after": "4"} for _ in range(3)
    ]
    people += [{"age_group": age[-1], "gender": gender[1]} for _ in range(3)]
    people.append({"age_group": age[0], "gender": gender[2], "satisfaction_after": "1"})
    export = export_dataset(_dataset(survey, people, 3), ExportOptions())
    for classes in (_classes_wide(export, qis), _classes_long(export, qis)):
        assert min(classes.values()) >= 3, classes
    assert "can be joined" in export.files["ANONYMIZATION.md"].decode()


def test_a_session_below_k_is_left_out_of_every_file(library: ContentLibrary) -> None:
    survey = _survey(library, "first-look")
    people = [{"low_mood_ever": "yes"} for _ in range(5)] + [{"low_mood_ever": "no"}] * 2
    codes = ["AAAAAA"] * 5 + ["BBBBBB"] * 2
    export = export_dataset(_dataset(survey, people, 3, codes), ExportOptions())
    assert {r["session"] for r in _rows(export, "responses_wide.csv")} == {"AAAAAA"}
    counts = {
        (r["item"], r["category"]): r["value"]
        for r in _rows(export, "summary.csv")
        if r["statistic"] == "count"
    }
    assert counts[("low_mood_ever", "no")] == "0"  # the two are in no file, summaries included
    note = export.files["ANONYMIZATION.md"].decode()
    assert "2 participants of 1 session with fewer than 3 participants (BBBBBB)" in note


rooms = st.lists(
    st.tuples(
        st.sampled_from(["AAAAAA", "BBBBBB"]),
        st.integers(min_value=0, max_value=5),  # age option index, 5: declined
        st.integers(min_value=0, max_value=6),  # gender option index, 6: not reached
    ),
    min_size=0,
    max_size=30,
)


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
@given(room=rooms, k=st.integers(min_value=3, max_value=6))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_published_group_in_every_record_file_has_k(
    library: ContentLibrary, room: list[tuple[str, int, int]], k: int
) -> None:
    survey = _survey(library, "aftercare-workshop")
    age = next(q for q in survey.questions if q.id == "age_group").option_codes
    gender = next(q for q in survey.questions if q.id == "gender").option_codes
    people: list[dict[str, object]] = []
    for _, a, g in room:
        person: dict[str, object] = {"age_group": age[a] if a < len(age) else Missing.declined}
        if g < len(gender):
            person["gender"] = gender[g]
        person["satisfaction_after"] = "3"  # a sensitive answer in every row
        people.append(person)
    dataset = _dataset(survey, people, k, [s for s, _, _ in room])
    export = export_dataset(dataset, ExportOptions(format="sav"))
    qis = _qi_ids(survey)
    for classes in (_classes_wide(export, qis), _classes_long(export, qis)):
        assert all(n >= k for n in classes.values()), classes
    # The SPSS file holds the same rows as the wide CSV.
    import pyreadstat

    frame, _ = pyreadstat.read_sav(io.BytesIO(export.files["responses.sav"]))
    assert len(frame) == len(_rows(export, "responses_wide.csv"))


# --- finding 11: row order carries no arrival time ---------------------------


def test_rows_are_sorted_by_the_random_id_not_by_arrival(library: ContentLibrary) -> None:
    survey = _survey(library, "first-look")
    people = [{"minutes_affection": minute} for minute in range(24)]  # arrival order = value
    export = export_dataset(_dataset(survey, people, 3), ExportOptions())
    wide = _rows(export, "responses_wide.csv")
    ids = [r["participant"] for r in wide]
    assert ids == sorted(ids)
    long_ids = [r["participant"] for r in _rows(export, "responses_long.csv")]
    assert long_ids == sorted(long_ids)
    assert sorted(int(r["minutes_affection"]) for r in wide) == list(range(24))


def test_anonymization_note_says_exports_can_be_joined(library: ContentLibrary) -> None:
    survey = _survey(library, "first-look")
    export = export_dataset(_dataset(survey, [{}] * 4, 3), ExportOptions())
    note = export.files["ANONYMIZATION.md"].decode()
    assert "cannot be joined" not in note
    assert "can be joined on their other columns" in note
    assert "sorted by them" in note


# --- finding 4: no hidden summary cell can be worked out ----------------------


def _equations(summary_cells: list[Cell], dataset: Dataset) -> dict[str, list[tuple]]:
    """The sums a reader knows, rebuilt from the published table (not from summary.groups).

    Each equation is (total, parts): total a cell key or a number; parts cell keys.
    Keys are (item, category) of count cells, or ("virtual", item, option) for a
    multiple-choice option's "not chosen", which is never published.
    """
    n = len(dataset.records)
    counts = {(c.item, c.category): c for c in summary_cells if c.statistic == "count"}
    equations: dict[str, list[tuple]] = {}
    for item in dataset.items:
        q = item.question
        if (q.id, "answered") not in counts:
            continue  # left out of summary.csv: nothing of it is published
        eqs = equations.setdefault(q.id, [])
        missing = [key for key in counts if key[0] == q.id and key[1] in set(Missing)]
        eqs.append((n, [(q.id, "answered"), *missing]))
        options = [key for key in counts if key[0] == q.id and key[1] != "answered"]
        options = [key for key in options if key not in missing]
        if q.kind is QuestionKind.multiple:
            for key in options:
                eqs.append(((q.id, "answered"), [key, ("virtual", *key)]))
        elif options:
            eqs.append(((q.id, "answered"), options))
    return equations


def _true_values(summary_cells: list[Cell], dataset: Dataset) -> dict[tuple, int]:
    values: dict[tuple, int] = {
        (c.item, c.category): int(c.value) for c in summary_cells if c.statistic == "count"
    }
    for item in dataset.items:
        if item.kind is QuestionKind.multiple and (item.id, "answered") in values:
            answered = values[(item.id, "answered")]
            for code in item.question.option_codes:
                values[("virtual", item.id, code)] = answered - values[(item.id, code)]
    return values


def brute_force(
    equations: list[tuple], hidden: dict[tuple, range], known: dict[tuple, int]
) -> dict[tuple, set[int]]:
    """Every value each hidden cell takes in some assignment that satisfies every sum.

    Tries every value of the hidden totals ("answered"); given those, each sum's
    other cells appear in no other sum, so each sum is enumerated on its own.
    """
    totals = [t for t in dict.fromkeys(total for total, _ in equations) if t in hidden]
    shared = Counter(p for _, parts in equations for p in parts if p in hidden and p not in totals)
    assert all(n == 1 for n in shared.values()), shared
    found: dict[tuple, set[int]] = {name: set() for name in hidden}
    for values in product(*(hidden[t] for t in totals)):
        fixed = {**known, **dict(zip(totals, values, strict=True))}
        seen: dict[tuple, set[int]] = {}
        for total, parts in equations:
            target = total if isinstance(total, int) else fixed[total]
            free = [p for p in parts if p not in fixed]
            rest = target - sum(fixed[p] for p in parts if p in fixed)
            solutions = [c for c in product(*(hidden[p] for p in free)) if sum(c) == rest]
            if not solutions:
                break
            for index, name in enumerate(free):
                seen.setdefault(name, set()).update(c[index] for c in solutions)
        else:
            for total, value in zip(totals, values, strict=True):
                found[total].add(value)
            for name, options in seen.items():
                found[name] |= options
    return found


def _reader_knows(key: tuple, value: int, k: int, n: int) -> range:
    """Small or k and over; a published cell hidden as 1..k-1 is not 0 (zeros are published)."""
    if value >= k:
        return range(k, n + 1)
    return range(1 if key[0] != "virtual" and value >= 1 else 0, k)


def assert_nothing_can_be_worked_out(summary_cells: list[Cell], dataset: Dataset) -> None:
    k, n = dataset.k, len(dataset.records)
    truth = _true_values(summary_cells, dataset)
    by_key = {(c.item, c.category): c for c in summary_cells if c.statistic == "count"}
    for item, equations in _equations(summary_cells, dataset).items():
        keys = {t for total, parts in equations for t in [total, *parts] if not isinstance(t, int)}
        hidden = {
            key: _reader_knows(key, truth[key], k, n)
            for key in keys
            if key[0] == "virtual" or by_key[key].suppressed
        }
        if not any(1 <= truth[key] < k for key in hidden):
            continue
        known = {key: truth[key] for key in keys if key not in hidden}
        found = brute_force(equations, hidden, known)
        for key, values in found.items():
            assert truth[key] in values, (key, values)
            if key[0] == "virtual":
                assert not (len(values) == 1 and 1 <= truth[key] < k), (item, key, values)
            else:
                assert len(values) >= 2, (item, key, values, truth)


def _summary(dataset: Dataset) -> list[Cell]:
    report = Report(dataset.session_codes, dataset.k, None, len(dataset.records), False)
    apply_text(dataset, False, report)
    gens = apply_k_anonymity(dataset, report)
    columns = meta_columns(dataset.session_codes)
    for item in dataset.items:
        columns += item_columns(item, gens.get(item.id), False)
    return build_summary(dataset, columns).cells


def test_low_mood_cells_cannot_be_worked_out_from_a_published_zero(
    library: ContentLibrary,
) -> None:
    """Issue 16 finding 4: answered 8, "no" 4, a zero, two hidden: each could only be 2."""
    survey = _survey(library, "first-look")
    answers = ["yes"] * 2 + ["no"] * 4 + ["unsure"] * 2  # "na": 0
    dataset = _dataset(survey, [{"low_mood_ever": a} for a in answers], 3)
    cells = _summary(dataset)
    low_mood = {
        c.category: c for c in cells if c.item == "low_mood_ever" and c.statistic == "count"
    }
    assert low_mood["yes"].suppressed and low_mood["unsure"].suppressed
    assert sum(c.suppressed for c in low_mood.values()) >= 3
    assert_nothing_can_be_worked_out(cells, dataset)


@st.composite
def small_rooms(draw: st.DrawFn, library: ContentLibrary) -> Dataset:
    survey = _survey(library, "first-look")
    k = draw(st.integers(min_value=3, max_value=4))
    n = draw(st.integers(min_value=k, max_value=11))
    people = []
    for _ in range(n):
        person: dict[str, object] = {}
        for q in survey.questions:
            if q.kind not in (QuestionKind.single, QuestionKind.likert, QuestionKind.multiple):
                continue
            how = draw(st.sampled_from(["answer", "answer", "answer", *Missing]))
            if how != "answer":
                person[q.id] = Missing(how)
            elif q.kind is QuestionKind.multiple:
                chosen = draw(st.lists(st.sampled_from(q.option_codes), min_size=1, unique=True))
                person[q.id] = tuple(chosen)
            else:
                person[q.id] = draw(st.sampled_from(q.option_codes))
        people.append(person)
    return _dataset(survey, people, k)


@given(data=st.data())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
def test_no_hidden_summary_count_can_be_worked_out(
    library: ContentLibrary, data: st.DataObject
) -> None:
    dataset = data.draw(small_rooms(library))
    assert_nothing_can_be_worked_out(_summary(dataset), dataset)


@pytest.mark.parametrize("k", [3, 5])
def test_brute_force_finds_the_pinned_pair(k: int) -> None:
    """The checker itself: two small cells adding up to 2(k-1) are both pinned."""
    equations = [(10, [("q", "a"), ("q", "b"), ("q", "c")])]
    hidden = {("q", "a"): range(0, k), ("q", "b"): range(0, k)}
    found = brute_force(equations, hidden, {("q", "c"): 10 - 2 * (k - 1)})
    assert found == {("q", "a"): {k - 1}, ("q", "b"): {k - 1}}


@dataclass
class _Count:
    value: int
    suppressed: bool = False
    virtual: bool = False
    primary: bool = False


def test_what_no_hiding_can_protect_is_reported_not_passed_over() -> None:
    """A one-option item and two participants (k = 3): hiding its count cannot help."""
    only = _Count(2)
    only.suppressed = True  # 2 < k
    equations = [Equation(2, [only], "tiny")]
    assert protect(equations, 3, 2) == 0  # nothing left to hide
    assert exposed(equations, 3, 2) == [only]  # the participant count gives it away
    report = Report(["ABC234"], 3, None, 2, False, summary_unprotected=["tiny"])
    account = render(report, date(2026, 12, 1))
    assert "Left out of summary.csv: `tiny`" in account
    assert "Left out of" not in render(Report(["ABC234"], 3, None, 2, False), date.today())


def test_ordinary_rooms_leave_nothing_unprotected(library: ContentLibrary) -> None:
    survey = _survey(library, "first-look")
    answers = ["yes"] * 2 + ["no"] * 4 + ["unsure"] * 2
    dataset = _dataset(survey, [{"low_mood_ever": a} for a in answers], 3)
    export = export_dataset(dataset, ExportOptions(k=3))
    assert export.report.summary_unprotected == []
    assert "Left out of summary.csv" not in export.files["ANONYMIZATION.md"].decode()


def test_an_item_the_room_size_alone_gives_away_is_left_out_of_the_summary(
    library: ContentLibrary,
) -> None:
    """Found by the property test: 2 answered, 2 declined, 2 not reached, 2 skipped, k = 3.

    Each count is below k and all four add up to the 8 people, so each must be 2:
    hiding them all does not help. The item is left out of summary.csv and named.
    """
    survey = _survey(library, "first-look")
    ways = [("touch",), ("talk",), Missing.declined, Missing.declined]
    ways += [Missing.not_reached] * 2 + [Missing.skipped] * 2
    dataset = _dataset(survey, [{"practices": w, "importance_pre": "4"} for w in ways], 3)
    export = export_dataset(dataset, ExportOptions(k=3))
    assert export.report.summary_unprotected == ["practices"]
    items = {row["item"] for row in _rows(export, "summary.csv")}
    assert "practices" not in items and "importance_pre" in items
    assert "Left out of summary.csv: `practices`" in export.files["ANONYMIZATION.md"].decode()


def test_mean_ranks_go_with_a_hidden_first_place_count(library: ContentLibrary) -> None:
    """A mean rank sums the first places too: it must not outlive a hidden first-place count."""
    survey = _survey(library, "first-look")
    lopsided = [("talk", "touch", "comfort", "quiet")] * 9 + [("touch", "talk", "comfort", "quiet")]
    dataset = _dataset(survey, [{"practice_ranking": r} for r in lopsided], 3)
    cells = [c for c in _summary(dataset) if c.item == "practice_ranking"]
    first = {c.category: c for c in cells if c.statistic == "count"}
    assert first["touch"].suppressed  # one person ranked touch first
    # touch's mean rank is (1 + 2 * 9) / 10 = 1.9: with the count of people it would say "one".
    assert all(c.suppressed for c in cells if c.statistic == "mean_rank")

    even = [("talk", "touch", "comfort", "quiet"), ("touch", "talk", "quiet", "comfort")] * 5
    dataset = _dataset(survey, [{"practice_ranking": r} for r in even], 3)
    cells = [c for c in _summary(dataset) if c.item == "practice_ranking"]
    assert not any(c.suppressed for c in cells if c.statistic == "mean_rank")  # nothing hidden


# --- issue 14 leftover: knowledge scores --------------------------------------


def test_knowledge_pairs_are_scored_right_or_wrong_and_reported(library: ContentLibrary) -> None:
    survey = _survey(library, "after-conflict")
    pre = next(q for q in survey.questions if q.knowledge and q.measure == "pre")
    post = next(q for q in survey.questions if q.knowledge and q.measure == "post")
    right, wrong = pre.correct_code, "dont_know"
    # Before: "don't know" (third option, 0 points); after: the keyed "true" (first, 1 point).
    people = [{pre.id: wrong, post.id: right} for _ in range(4)] + [{pre.id: right}]
    export = export_dataset(_dataset(survey, people, 3), ExportOptions())
    prepost = {r["construct"]: r for r in _rows(export, "prepost.csv")}
    assert float(prepost[pre.construct_id]["mean_change"]) == 1.0  # by position it was -2
    assert float(prepost["knowledge"]["mean_change"]) == 1.0
    wide = _rows(export, "responses_wide.csv")
    changes = Counter(r["knowledge_change"] for r in wide)
    assert changes == Counter({"1": 4, "NOT_REACHED": 1})
    assert Counter(r["knowledge_pre"] for r in wide) == Counter({"0": 4, "1": 1})
    import json

    fields = {
        f["name"]: f
        for res in json.loads(export.files["datapackage.json"])["resources"]
        if res["name"] == "responses_wide"
        for f in res["schema"]["fields"]
    }
    assert fields[pre.id]["flags"]["knowledge"] is True
    assert fields[pre.id]["flags"]["correct"] == right
    assert "knowledge_change" in fields


# --- issue 15 leftover: words in the export ------------------------------------


def test_words_reach_summary_above_k_only_and_record_files_only_with_text(
    library: ContentLibrary,
) -> None:
    survey = _survey(library, "aftercare-workshop")
    people = [{"need_words": ["a hug", "water"]} for _ in range(3)]
    people += [{"need_words": ["mail me at jo@example.org"]}]
    summary = {}
    for include in (False, True):
        export = export_dataset(_dataset(survey, people, 3), ExportOptions(include_text=include))
        rows = [r for r in _rows(export, "summary.csv") if r["item"] == "need_words"]
        summary = {(r["category"], r["statistic"]): r["value"] for r in rows}
        wide = _rows(export, "responses_wide.csv")
        if include:
            values = sorted(r["need_words"] for r in wide)
            assert values[0] == "a hug; water" and "[email]" in values[-1]
            assert all("jo@example.org" not in v for v in values)
        else:
            assert "need_words" not in wide[0]
    assert summary[("hug", "word_participants")] == "3"
    assert summary[("water", "word_participants")] == "3"
    assert summary[("words_below_k", "words_hidden")] != "0"
    assert not any("jo" in category for category, _ in summary)
