"""`python -m workshop ...`: an alias of the `workshop` command (workshop_cli/main.py).

This is the one module in `workshop/` allowed to reach outside the library, and only when run:
`import workshop` never loads it, so the library still imports nothing from `analysis/` or `ui/`.
"""

import sys


def _run() -> int:
    from workshop_cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(_run())
