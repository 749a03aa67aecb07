"""The parser and the argument types shared by several commands.

argparse turns the types' errors into usage errors; their messages are worded when a
value is refused, in the language the command speaks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar

from workshop.config import retention_days_from
from workshop.i18n import N_, _
from workshop.sessions import MAX_EPSILON, MAX_K, MAX_RETENTION_DAYS, MIN_EPSILON, MIN_K

_N = TypeVar("_N", int, float)

NOT_A_NUMBER = N_("{name} must be a number, not '{text}'")
NOT_A_WHOLE_NUMBER = N_("{name} must be a whole number, not '{text}'")


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own frame (usage, section titles, -h, the error line) is
    worded in the language the command speaks; its subcommands' parsers are Parsers too.

    argparse's inner messages ("the following arguments are required") are translated
    while a command runs (workshop_cli/argparse_words.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.get("add_help", True)  # added below, with its help translated
        kwargs |= {"add_help": False, "formatter_class": kwargs.get("formatter_class", _Formatter)}
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _bounded(
    parse: Callable[[str], _N], name: str, not_parsed: str, low: _N, high: _N, why: str
) -> Callable[[str], _N]:
    """An argument type: `parse` the text, then keep it within [low, high]."""

    def value(text: str) -> _N:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_(not_parsed).format(name=name, text=text)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("{name} must be between {low} and {high} ({why})").format(
                    name=name, low=f"{low:g}", high=f"{high:g}", why=_(why)
                )
            )
        return value

    return value


epsilon_value = _bounded(
    float, "epsilon", NOT_A_NUMBER, MIN_EPSILON, MAX_EPSILON, N_("smaller: more noise")
)
k_value = _bounded(
    int, "k", NOT_A_WHOLE_NUMBER, MIN_K, MAX_K, N_("smaller groups could identify people")
)


def retention_value(text: str) -> int | None:
    try:
        if not text.strip():
            raise ValueError(text)
        value = retention_days_from(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("--retention-days must be a whole number of days or 'none', not '{text}'").format(
                text=text
            )
        ) from None
    if value is not None and value > MAX_RETENTION_DAYS:
        raise argparse.ArgumentTypeError(
            _("--retention-days must be at most {days}").format(days=MAX_RETENTION_DAYS)
        )
    return value


def add_session_options(
    parser: argparse.ArgumentParser, *, repeat: str, out: str, text: str
) -> None:
    """--session (repeatable), --out and --include-text: what export and report read and write.

    `repeat`, `out` and `text` are help texts the caller has already translated.
    """
    parser.add_argument(
        "--session",
        action="append",
        required=True,
        help=_("join code or id ({repeat})").format(repeat=repeat),
    )
    parser.add_argument("--out", required=True, help=out)
    parser.add_argument("--include-text", action="store_true", help=text)
