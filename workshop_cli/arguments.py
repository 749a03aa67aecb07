"""Argument types shared by several commands: argparse turns their errors into usage errors."""

from __future__ import annotations

import argparse

from workshop.config import retention_days_from
from workshop.sessions import MAX_EPSILON, MAX_K, MAX_RETENTION_DAYS, MIN_EPSILON, MIN_K


def epsilon_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"epsilon must be a number, not '{text}'") from None
    if not MIN_EPSILON <= value <= MAX_EPSILON:
        raise argparse.ArgumentTypeError(
            f"epsilon must be between {MIN_EPSILON:g} and {MAX_EPSILON:g} (smaller: more noise)"
        )
    return value


def k_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"k must be a whole number, not '{text}'") from None
    if not MIN_K <= value <= MAX_K:
        raise argparse.ArgumentTypeError(
            f"k must be between {MIN_K} and {MAX_K} (smaller groups could identify people)"
        )
    return value


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
