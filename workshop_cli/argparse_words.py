"""argparse's own messages ("the following arguments are required: ..."), in the language
the command speaks.

argparse words them through the module's `_` and `ngettext` (gettext's default domain,
for which Python ships no catalog). `speaking()` points those two names at the
project's catalog while a command runs; MESSAGES lists the ones a person can meet
using this command line, so `pybabel extract` puts them in the catalog. The others
(a programming mistake in a parser's definition) stay English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from workshop import i18n
from workshop.i18n import N_

__all__ = ["MESSAGES", "speaking"]

# Word for word as argparse (Python 3.11-3.13) asks for them, placeholders included.
MESSAGES = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


@contextmanager
def speaking() -> Iterator[None]:
    """argparse's messages from the catalog of the language in use (i18n.using)."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = i18n._, i18n.ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
