"""Argument types shared by several commands: argparse turns their errors into usage errors."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from workshop.config import retention_days_from
from workshop.sessions import MAX_EPSILON, MAX_K, MAX_RETENTION_DAYS, MIN_EPSILON, MIN_K

_N = TypeVar("_N", int, float)


def _bounded(
    parse: Callable[[str], _N], what: str, kind: str, low: _N, high: _N, why: str
) -> Callable[[str], _N]:
    """An argument type: `parse` the text, then keep it within [low, high]."""

    def value(text: str) -> _N:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be {kind}, not '{text}'") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low:g} and {high:g} ({why})")
        return value

    return value


epsilon_value = _bounded(
    float, "epsilon", "a number", MIN_EPSILON, MAX_EPSILON, "smaller: more noise"
)
k_value = _bounded(int, "k", "a whole number", MIN_K, MAX_K, "smaller groups could identify people")


def retention_value(text: str) -> int | None:
    try:
        if not text.strip():
            raise ValueError(text)
        value = retention_days_from(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--retention-days must be a whole number of days or 'none', not '{text}'"
        ) from None
    if value is not None and value > MAX_RETENTION_DAYS:
        raise argparse.ArgumentTypeError(f"--retention-days must be at most {MAX_RETENTION_DAYS}")
    return value


def add_session_options(
    parser: argparse.ArgumentParser, *, repeat: str, out: str, text: str
) -> None:
    """--session (repeatable), --out and --include-text: what export and report read and write."""
    parser.add_argument(
        "--session", action="append", required=True, help=f"join code or id ({repeat})"
    )
    parser.add_argument("--out", required=True, help=out)
    parser.add_argument("--include-text", action="store_true", help=text)
