from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop import joincodes
from workshop.errors import InvalidJoinCode


def test_generated_codes_avoid_look_alikes() -> None:
    for _ in range(500):
        code = joincodes.generate()
        assert len(code) == 6
        assert not set(code) & set("0O1IL")
        assert joincodes.normalize(code) == code


@pytest.mark.parametrize(
    "typed", ["abc-def", " ABC DEF ", "AbCdEf", "ＡＢＣＤＥＦ", "abc\u00a0def"]
)
def test_case_space_and_width_are_ignored(typed: str) -> None:
    assert joincodes.normalize(typed) == "ABCDEF"


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("", "6-character"),
        ("ABC", "you entered 3"),
        ("ABCDE0", "never contain"),
        ("ABCDEI", "never contain"),
        ("ABC;DROP TABLE", "characters"),
        ("A" * 10_000, "too long"),
        ("ΑΒΓΔΕΖ", "only letters and digits"),  # Greek look-alikes
    ],
)
def test_bad_codes_get_a_plain_message(typed: str, hint: str) -> None:
    with pytest.raises(InvalidJoinCode, match=hint):
        joincodes.normalize(typed)


@given(st.text(max_size=80))
def test_any_text_is_a_valid_code_or_a_clear_refusal(typed: str) -> None:
    try:
        code = joincodes.normalize(typed)
    except InvalidJoinCode as exc:
        assert str(exc)
    else:
        assert len(code) == 6 and set(code) <= set(joincodes.ALPHABET)
        assert joincodes.normalize(code) == code


@given(
    st.text(alphabet=joincodes.ALPHABET, min_size=6, max_size=6),
    st.sampled_from([str.lower, str.upper, lambda s: f"  {s[:3]} {s[3:]} "]),
)
def test_every_code_survives_how_people_type_it(code: str, mangle) -> None:
    assert joincodes.normalize(mangle(code)) == code
