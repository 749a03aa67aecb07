"""Disclosure control: text scrubbing, formula neutralization, k-anonymity, summary cells."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from analysis.dataset import Dataset, Item, Record
from analysis.export import Missing, make_export
from analysis.export.anonymize import (
    PHONE_REGIONS,
    is_safe_cell,
    k_anonymize,
    neutralize,
    new_ids,
    scrub_text,
)
from analysis.export.columns import item_columns, meta_columns
from analysis.export.report import Report
from analysis.export.steps import apply_k_anonymity, apply_text
from analysis.export.summary import build_summary
from workshop import participants, sessions
from workshop.answers import save_answer
from workshop.content import QuestionKind
from workshop.loading import ContentLibrary

# Independent of the scrubber's own patterns: anything shaped like user@host.tld.
EMAIL_SHAPE = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")

words = st.text(
    alphabet=st.characters(whitelist_categories=("L", "Zs"), max_codepoint=0x24F),
    max_size=30,
)


@st.composite
def phone_numbers(draw: st.DrawFn) -> tuple[str, str]:
    region = draw(st.sampled_from(PHONE_REGIONS))
    kind = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
        )
    )
    example = phonenumbers.example_number_for_type(region, kind)
    style = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.NATIONAL,
                phonenumbers.PhoneNumberFormat.E164,
            ]
        )
    )
    return phonenumbers.format_number(example, style), str(example.national_number)


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
@given(before=words, after=words, email=st.emails(), phone=phone_numbers())
@settings(max_examples=150, deadline=None)
def test_no_email_or_phone_survives_scrubbing(
    before: str, after: str, email: str, phone: tuple[str, str]
) -> None:
    formatted, national = phone
    text = f"{before} {email} {after} {formatted} {before}"
    clean, counts = scrub_text(text)
    assert not EMAIL_SHAPE.search(clean), clean
    assert email not in clean
    assert national not in re.sub(r"\D", "", clean), clean
    for region in PHONE_REGIONS:
        assert not list(phonenumbers.PhoneNumberMatcher(clean, region)), clean
    assert counts.total >= 2


def test_scrub_examples() -> None:
    clean, counts = scrub_text(
        "Text me on 07700 900123, mail jo.smith@mail.example.com, "
        "see www.example.org/page or https://x.test/a?b=1, follow @jo_smith."
    )
    assert clean == ("Text me on [phone], mail [email], see [link] or [link], follow [handle].")
    assert (counts.phone, counts.email, counts.url, counts.handle) == (1, 1, 2, 1)
    ordinary = "We had 3 cups of tea at 10.30 and talked for 20 minutes. e.g. cuddles"
    assert scrub_text(ordinary) == (ordinary, scrub_text(ordinary)[1])
    assert scrub_text(ordinary)[1].total == 0


@given(st.text(max_size=40))
def test_every_neutralized_cell_is_safe(cell: str) -> None:
    out, changed = neutralize(cell)
    assert is_safe_cell(out)
    assert changed == (out != cell)
    if changed:
        assert out == "'" + cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-1e5"])
def test_formulas_are_quoted(cell: str) -> None:
    assert neutralize(cell) == ("'" + cell, True)


@pytest.mark.parametrize("cell", ["-3", "-0.5", "12", "plain", ""])
def test_ordinary_cells_are_kept(cell: str) -> None:
    assert neutralize(cell) == (cell, False)


def test_new_ids_are_unique_and_never_numeric() -> None:
    ids = new_ids(500)
    assert len(set(ids)) == 500
    assert all(i.startswith("p") and len(i) == 13 for i in ids)


# --- k-anonymity -------------------------------------------------------------

DOMAIN_A = ["a1", "a2", "a3", "a4", "a5"]
DOMAIN_B = ["b1", "b2", "b3"]
value_a = st.one_of(st.sampled_from(DOMAIN_A), st.just(Missing.declined))
value_b = st.one_of(st.sampled_from(DOMAIN_B), st.just(Missing.not_reached))


@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["S1", "S2"]), value_a, value_b), min_size=0, max_size=60
    ),
    k=st.integers(min_value=3, max_value=8),
)
@pytest.mark.slow
@settings(max_examples=200, deadline=None)
def test_every_published_combination_reaches_k(rows: list, k: int) -> None:
    data = [(s, {"a": a, "b": b}) for s, a, b in rows]
    result = k_anonymize(data, {"a": DOMAIN_A, "b": DOMAIN_B}, k)
    combos: Counter = Counter()
    for index, (stratum, values) in enumerate(data):
        if index in result.suppressed_rows | result.dropped_rows:
            continue
        key = [stratum]
        for item in ("a", "b"):
            gen = result.generalizations[item]
            group = gen.group_of(values[item])
            key.append(tuple(gen.groups[group]) if group is not None else values[item])
        combos[tuple(key)] += 1
    assert all(n >= k for n in combos.values()), combos
    # Groups are runs of neighbouring values, covering each domain exactly once.
    for item, domain in (("a", DOMAIN_A), ("b", DOMAIN_B)):
        assert [v for g in result.generalizations[item].groups for v in g] == domain
    assert result.suppressed_values == 2 * len(result.suppressed_rows)
    # The SUPPRESSED rows of a stratum are a group too; strata below k are dropped.
    hidden = Counter(data[i][0] for i in result.suppressed_rows)
    assert all(n >= k for n in hidden.values()), hidden
    strata = Counter(s for s, _ in data)
    assert {i for i, (s, _) in enumerate(data) if strata[s] < k} == result.dropped_rows


# --- the same properties on real exports (database) --------------------------


@given(
    bands=st.lists(
        st.sampled_from(["18_24", "25_34", "35_49", "50_plus", None]), min_size=1, max_size=25
    ),
    k=st.integers(min_value=3, max_value=6),
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.slow
def test_exported_quasi_identifiers_are_k_anonymous_and_ids_fresh(
    engine: Engine, library: ContentLibrary, bands: list, k: int
) -> None:
    session = sessions.create_session(
        engine,
        library.snapshot("first-look"),
        settings=sessions.SessionSettings(k=k),
        open_now=True,
    )
    for band in bands:
        _, person = participants.join(engine, session.code)
        participants.record_consent(engine, person.id)
        if band is None:
            save_answer(engine, person.id, "age_band", declined=True)
        else:
            save_answer(engine, person.id, "age_band", band)
    first = make_export(engine, [session.id])
    second = make_export(engine, [session.id])
    ids = []
    for export in (first, second):
        lines = export.files["responses_wide.csv"].decode("utf-8-sig").splitlines()
        header = lines[0].split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
        combos = Counter((r["session"], r["age_band"]) for r in rows)
        assert all(n >= k for n in combos.values()), combos  # SUPPRESSED is a group too
        ids.append({r["participant"] for r in rows})
        for line in export.files["summary.csv"].decode("utf-8-sig").splitlines()[1:]:
            *_, statistic, value = line.rsplit(",", 2)
            if statistic == "count" and value != "SUPPRESSED":
                assert not 1 <= int(value) < k, line
    assert not ids[0] & ids[1]
    # A session with fewer than k participants is left out (issue 16 finding 2).
    assert len(ids[0]) == len(ids[1]) == (len(bands) if len(bands) >= k else 0)


# --- summary suppression (in memory, many shapes) ----------------------------


def _records(draw: st.DrawFn, items: list[Item], n: int) -> list[Record]:
    records = []
    for _ in range(n):
        values: dict[str, object] = {}
        for item in items:
            q = item.question
            missing = draw(st.sampled_from([None, None, None, *Missing]))
            if missing is not None:
                values[q.id] = missing
            elif q.kind in (QuestionKind.likert, QuestionKind.single):
                values[q.id] = draw(st.sampled_from(q.option_codes))
            elif q.kind is QuestionKind.multiple:
                values[q.id] = tuple(
                    draw(st.lists(st.sampled_from(q.option_codes), min_size=1, unique=True))
                )
            elif q.kind is QuestionKind.ranking:
                values[q.id] = tuple(draw(st.permutations(q.option_codes)))
            elif q.kind in (QuestionKind.number, QuestionKind.slider):
                values[q.id] = draw(st.integers(min_value=0, max_value=10))
            else:
                values[q.id] = draw(st.sampled_from(["fine", "mail a@b.org", "ring 0161 496 0000"]))
        records.append(
            Record(draw(st.sampled_from(["AAAAAA", "BBBBBB"])), date(2026, 1, 1), True, values)
        )
    return records


@st.composite
def datasets(draw: st.DrawFn, library: ContentLibrary) -> Dataset:
    survey = library.snapshot("first-look").survey
    items = [Item(q, survey.id) for q in survey.questions]
    n = draw(st.integers(min_value=0, max_value=40))
    k = draw(st.integers(min_value=3, max_value=7))
    return Dataset(items, _records(draw, items, n), ["AAAAAA", "BBBBBB"], k)


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
@given(data=st.data(), include_text=st.booleans())
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_summary_count_between_1_and_k_minus_1(
    library: ContentLibrary, data: st.DataObject, include_text: bool
) -> None:
    dataset = data.draw(datasets(library))
    report = Report(
        sessions=dataset.session_codes,
        k=dataset.k,
        requested_k=None,
        participants=len(dataset.records),
        include_text=include_text,
    )
    apply_text(dataset, include_text, report)
    gens = apply_k_anonymity(dataset, report)
    columns = meta_columns(dataset.session_codes)
    for item in dataset.items:
        columns += item_columns(item, gens.get(item.id), include_text)
    summary = build_summary(dataset, columns)
    k = dataset.k
    for cell in summary.cells:
        if cell.statistic == "count" and not cell.suppressed:
            assert not 1 <= cell.value < k, cell
        if cell.statistic == "percent" and not cell.suppressed:
            count = next(
                c
                for c in summary.cells
                if (c.item, c.category, c.statistic) == (cell.item, cell.category, "count")
            )
            assert not count.suppressed
    # No published total lets a single hidden cell be worked out.
    for group in summary.groups:
        unknown = [c for c in group.cells if c.suppressed or c.virtual]
        assert len(unknown) != 1 or not unknown[0].suppressed, group
    # Scrubbed text never keeps an e-mail or a phone number.
    if include_text:
        for record in dataset.records:
            text = record.values["one_word"]
            if isinstance(text, str):
                assert "@" not in text and "496" not in text


def test_merging_is_preferred_to_suppressing_the_rarest_people() -> None:
    bands = ["18_24"] * 2 + ["25_34"] * 4 + ["35_49"] * 3 + ["50_plus"] * 1
    result = k_anonymize([("S", {"age": b}) for b in bands], {"age": sorted(set(bands))}, 3)
    assert result.generalizations["age"].groups == [["18_24", "25_34"], ["35_49", "50_plus"]]
    assert result.suppressed_rows == set()
    assert result.changed_values == 10


def test_a_lone_outlier_is_never_a_suppressed_group_of_one() -> None:
    """Issue 16 finding 2: the SUPPRESSED rows are a group of their own and need k too."""
    bands = ["18_24"] * 10 + ["25_34"] * 10 + ["35_49"] * 10 + ["50_plus"] * 1
    result = k_anonymize([("S", {"age": b}) for b in bands], {"age": sorted(set(bands))}, 3)
    assert len(result.suppressed_rows) in (0, 3) or len(result.suppressed_rows) >= 3
    assert len(result.suppressed_rows) != 1
    if result.suppressed_rows:
        assert 30 in result.suppressed_rows
