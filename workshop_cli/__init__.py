"""The `workshop` command line: a composition root over the `workshop` library and `analysis`.

It lives outside `workshop/` so the library never imports `analysis/` (export and report
need it): dependencies point one way, and the command line sits on top of both.
`main.py` builds the parser and dispatches; `commands/` holds one module per command group,
imported only when one of its commands runs.
"""
