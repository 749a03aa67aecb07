"""The command-line shell over the `workshop` library and the `analysis` package.

It lives outside `workshop/` so the library never imports `analysis/` (the export command
needs it): dependencies point one way, and the shell sits on top of both.
"""
