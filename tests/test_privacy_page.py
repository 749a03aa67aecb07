"""docs/privacy.md states the disclosure policy's numbers and wording as the code has them."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.disclosure import DisclosurePolicy, catching_up_text, pooled_k
from analysis.disclosure.noise import NOISE_LEVELS
from analysis.words import Cloud, below_k_line
from workshop.sessions import MIN_K, SessionSettings

PRIVACY = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"


def _page() -> str:
    return re.sub(r"\s+", " ", PRIVACY.read_text(encoding="utf-8"))


def _section() -> str:
    page = _page()
    start = page.index("## What is released about participants")
    return page[start : page.index("## ", start + 3)]


def test_the_stated_k_and_its_floor_are_the_policy_s() -> None:
    stated = _section()
    default = DisclosurePolicy.for_session(SessionSettings())
    assert f"A new session's k is {default.k}," in stated
    assert f"no session's k can be set below {MIN_K}." in stated
    assert f"(never below {MIN_K})" in stated
    assert pooled_k([]) == MIN_K  # the floor the pooled sentence names


def test_new_sessions_mask_every_question_as_stated() -> None:
    assert DisclosurePolicy.for_session(SessionSettings()).mask_all
    assert "New sessions mask every group smaller than k on every question" in _section()


def test_the_quoted_wording_is_what_the_screens_say() -> None:
    stated = _section()
    k = DisclosurePolicy.for_session(SessionSettings()).k
    assert catching_up_text(12, k) in stated
    assert f"every {DisclosurePolicy(k=k).batch} new answers" in stated
    assert below_k_line(Cloud(k, (), 2)) in stated


def test_pooling_uses_the_largest_k_and_masks_if_any_does() -> None:
    assert "use the largest of their k" in _section()
    pooled = DisclosurePolicy.pooled([DisclosurePolicy(k=4, mask_all=False), DisclosurePolicy(k=7)])
    assert pooled == DisclosurePolicy(k=7, mask_all=True)


def test_the_noise_levels_are_the_measured_ones() -> None:
    """Each level's sentence quotes docs/privacy.md's measured table, and the docs list each level."""
    page = _page()
    assert "| attack | noise off | noise on, ε = 0.5 | noise on, ε = 1 | noise on, ε = 2 |" in page
    row = page[page.index("| k-1 fakes after the victim, one release |") :].split(" | ")
    measured = {0.5: row[2], 1.0: row[3], 2.0: row[4]}
    for level in NOISE_LEVELS:
        assert measured[level.epsilon] == f"{round(100 * level.attacker_right)}%"
        name = f"{level.name} (default)" if level.label.endswith("default)") else level.name
        line = (
            f"| {name} | {level.epsilon:g} | about {level.typical_error:.1f} | "
            f"about {round(10 * level.attacker_right)} times in 10 "
            f"({round(100 * level.attacker_right)}%) |"
        )
        assert line in page, line
