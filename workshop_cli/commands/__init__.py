"""One module per command group. Each maps its command names to a function that adds the
command's arguments and handler (`PARSERS`); `workshop_cli.main` imports a group only when
one of its commands runs, so its imports sit at the top and `--help` stays light."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]
AddParser = Callable[[argparse.ArgumentParser], None]
