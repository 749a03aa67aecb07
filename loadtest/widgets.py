"""Widget values as the browser sends them: the wire encoding, and an untouched widget's value."""

from __future__ import annotations

from typing import Any

from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState

from loadtest.page import Element


def wire_value(element: Element, value: Any, state: WidgetState) -> None:
    """Fill `state` with `value` encoded the way the browser encodes this widget."""
    kind = element.kind
    if isinstance(value, WidgetState):  # a hand-made wire value, e.g. a type-confused one
        state.CopyFrom(value)
        state.id = element.widget_id
        return
    state.id = element.widget_id
    if kind in ("button", "download_button"):
        state.trigger_value = bool(value)
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind in ("text_input", "text_area"):
        state.string_value = str(value)
    elif kind in ("radio", "selectbox"):
        state.string_value = element.options[value] if isinstance(value, int) else str(value)
    elif kind in ("multiselect", "button_group"):
        values = [value] if isinstance(value, str | int) else list(value)
        state.string_array_value.data[:] = [
            element.options[v] if isinstance(v, int) else str(v) for v in values
        ]
    elif kind == "slider":
        values = list(value) if isinstance(value, list | tuple) else [value]
        if element.proto.options:  # select_slider: option texts
            state.string_array_value.data[:] = [str(v) for v in values]
        else:
            state.double_array_value.data[:] = [float(v) for v in values]
    elif kind == "number_input":
        if element.proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    else:
        raise ValueError(f"cannot set a value on a {kind} element")


def initial_value(element: Element) -> Any:
    """The value a browser reports for an untouched widget (None: reports nothing)."""
    proto, kind = element.proto, element.kind
    if kind in ("button", "download_button"):
        return None
    if kind == "checkbox":
        return proto.value if proto.set_value else proto.default
    if kind in ("text_input", "text_area"):
        if proto.set_value:
            return proto.value if proto.HasField("value") else None
        return proto.default if proto.HasField("default") else None
    if kind in ("radio", "selectbox"):
        if proto.set_value:
            return proto.raw_value if proto.HasField("raw_value") else None
        return proto.options[proto.default] if proto.HasField("default") else None
    if kind == "multiselect":
        return (
            list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
        )
    if kind == "button_group":
        if proto.set_value:
            return list(proto.raw_values)
        return [proto.options[i].content for i in proto.default]
    if kind == "slider":
        if proto.options:
            if proto.set_value:
                return list(proto.raw_value)
            return [proto.options[int(i)] for i in proto.default]
        return list(proto.value) if proto.set_value else list(proto.default)
    if kind == "number_input":
        if proto.set_value:
            return proto.value if proto.HasField("value") else None
        return proto.default if proto.HasField("default") else None
    return None
