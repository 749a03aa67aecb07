"""Refuse widget values that no real browser sends, before they can break a tab.

Streamlit deserializes a number input's value when the next run starts (to
decide whether its on_change fired), before any of our code runs. A tampered
client sending NaN, infinity or a string to an integer number input made
`int(value)` raise there on every following run: that tab was broken for
good. Streamlit already replaces a non-finite float or an out-of-range value
with the widget's default; `install()` extends that same rule to every value
it cannot read, so the tab simply has no answer, as for an out-of-range value.
"""

from __future__ import annotations

import math
import numbers
import threading
from typing import Any

from streamlit.elements.widgets import number_input

_installed = False
_lock = threading.Lock()


def readable_number(value: object) -> bool:
    """A value a number input can hold: a finite int or float (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except (OverflowError, ValueError):  # an int too large for a float
        return False


def install() -> None:
    """Wrap Streamlit's number input deserializer once per process (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        serde = number_input.NumberInputSerde
        original = serde.deserialize

        def deserialize(self: Any, ui_value: Any) -> Any:
            if ui_value is not None and not readable_number(ui_value):
                return self.value  # the widget's default, as for an out-of-range value
            try:
                return original(self, ui_value)
            except (ValueError, TypeError, OverflowError):
                return self.value

        serde.deserialize = deserialize  # type: ignore[method-assign]
        _installed = True
