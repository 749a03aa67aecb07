"""What a client sees of one page: its elements at their delta paths, and one run's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WIDGET_KINDS = frozenset(
    {
        "button", "button_group", "checkbox", "multiselect", "number_input", "radio",
        "selectbox", "slider", "text_area", "text_input", "download_button",
    }
)  # fmt: skip
ALERT_KINDS = {1: "error", 2: "warning", 3: "info", 4: "success"}


@dataclass
class Element:
    """One element on the page, at its delta path."""

    path: tuple[int, ...]
    kind: str  # the Element oneof name ("text_input", "markdown", ...) or "block:<type>"
    proto: Any  # the type-specific message (e.g. TextInput)
    run: int  # which script run last wrote it
    fragment_id: str = ""  # the st.fragment that drew it ("" outside any fragment)

    @property
    def widget_id(self) -> str:
        return getattr(self.proto, "id", "") if self.kind in WIDGET_KINDS else ""

    @property
    def key(self) -> str | None:
        """The user key from a widget id like `$$ID-<hash>-<key>` (None without a key)."""
        parts = self.widget_id.split("-", 2)
        if len(parts) == 3 and parts[2] != "None":
            return parts[2]
        return None

    @property
    def form_id(self) -> str:
        return getattr(self.proto, "form_id", "") if self.kind in WIDGET_KINDS else ""

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def text(self) -> str:
        """Visible text of a text-like element ("" for others)."""
        if self.kind in ("markdown", "text", "alert", "heading", "caption"):
            return self.proto.body
        if self.kind == "code":
            return self.proto.code_text
        if self.kind == "exception":
            return f"{self.proto.type}: {self.proto.message}"
        return ""

    @property
    def options(self) -> list[str]:
        if self.kind == "button_group":
            return [option.content for option in self.proto.options]
        return list(getattr(self.proto, "options", []))


@dataclass
class Page:
    """The element tree as the browser would show it after the last run."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)

    def ordered(self) -> list[Element]:
        return [self.elements[path] for path in sorted(self.elements)]

    def widgets(self) -> list[Element]:
        return [e for e in self.ordered() if e.widget_id]

    def widget(self, key: str) -> Element:
        for element in self.widgets():
            if element.key == key:
                return element
        raise KeyError(f"no widget with key {key!r}; keys on page: {self.widget_keys()}")

    def has(self, key: str) -> bool:
        return any(e.key == key for e in self.widgets())

    def widget_keys(self) -> list[str]:
        return [e.key for e in self.widgets() if e.key]

    def buttons(self) -> list[Element]:
        return [e for e in self.widgets() if e.kind == "button"]

    def button_by_label(self, label: str) -> Element:
        for element in self.buttons():
            if element.label == label:
                return element
        raise KeyError(f"no button labelled {label!r}")

    def alerts(self, kind: str | None = None) -> list[str]:
        return [
            e.proto.body
            for e in self.ordered()
            if e.kind == "alert" and (kind is None or ALERT_KINDS.get(e.proto.format) == kind)
        ]

    def exceptions(self) -> list[str]:
        return [e.text for e in self.ordered() if e.kind == "exception"]

    def texts(self) -> list[str]:
        return [e.text for e in self.ordered() if e.text]

    def all_text(self) -> str:
        """Every visible string: element text plus widget labels and options."""
        parts: list[str] = []
        for element in self.ordered():
            parts.append(element.text)
            if element.widget_id:
                parts.append(element.label)
                parts.extend(element.options)
        return "\n".join(p for p in parts if p)


@dataclass
class RunResult:
    status: int
    seconds: float  # request sent -> final script_finished
    runs: int  # script runs it took (st.rerun adds one)
    page: Page
    messages: int
    bytes: int
