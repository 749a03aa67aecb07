"""What a simulated phone does on each participant screen, read from the page itself.

The participant page documents stable widget keys (ui/participant/widgets.py
and ui/participant/actions.py):

    join_code                 text input for the session code, then a Join button
    consent_*                 consent checkboxes, then a Start button
    answer_<item>             radio (likert, single), number input, pills (slider), text area
    answer_<item>__<code>     one checkbox per option of a multiple-choice item
    answer_<item>__<code>     one button per option of a ranking item (tapped in order;
                              each tap is a run, so the walker leaves rankings unanswered)
    next_<step>, ...          buttons that move on (keys carry the step)

A screen is handled by filling what is empty and pressing the forward button.
Nothing here knows the survey: the page is the only source, as for a person.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from loadtest.client import StreamlitClient
from loadtest.page import Element, Page

FORWARD = re.compile(
    r"^(join|consent|agree|start|begin|next|continue|finish|submit|done|save)", re.I
)
NEVER = re.compile(
    r"(withdraw|back|previous|prev|decline|prefer|exit|leave|review|again|cancel|change|code)",
    re.I,
)
NO_ANSWER = "No answer"


@dataclass
class Screen:
    """The plan for one screen: widget values to give, then a button to press."""

    values: list[tuple[str, object]] = field(default_factory=list)
    items: set[str] = field(default_factory=set)  # answer items given on this screen
    button: Element | None = None


def problems(page: Page) -> list[str]:
    """Exceptions and error alerts the page shows, worded for a report."""
    found = [f"exception on page: {text}" for text in page.exceptions()]
    found += [f"error shown: {text}" for text in page.alerts("error")]
    return found


def item_of(key: str) -> str | None:
    if not key.startswith("answer_"):
        return None
    return key[len("answer_") :].split("__", 1)[0]


def _answer(element: Element, rng: random.Random, used: dict[str, set[str]]) -> object | None:
    """A plausible answer for one input (None: leave it alone)."""
    kind, proto = element.kind, element.proto
    options = [o for o in element.options if o != NO_ANSWER]
    if kind == "radio":
        return rng.choice(options) if options else None
    if kind == "checkbox":  # one option of a multiple-choice item: tick one or two
        ticked = used.setdefault(item_of(element.key or "") or "", set())
        if len(ticked) < 2 and rng.random() < 0.5:
            ticked.add(element.key or "")
            return True
        return None
    if kind == "selectbox":  # a place in a ranking: a different option each time
        item = item_of(element.key or "") or ""
        free = [o for o in options if o not in used.setdefault(item, set())]
        if not free:
            return None
        choice = rng.choice(free)
        used[item].add(choice)
        return choice
    if kind == "button_group":  # a slider item's scale of pills: one point
        return [rng.choice(options)] if options else None
    if kind == "slider":
        if proto.options:
            return [rng.choice(options)] if options else None
        return [rng.uniform(proto.min, proto.max)]
    if kind == "number_input":
        low = proto.min if proto.has_min else 0
        high = proto.max if proto.has_max else low + 100
        return rng.randint(int(low), int(min(high, low + 60)))
    if kind in ("text_area", "text_input"):
        return rng.choice(["calm", "close", "safe", "tired but good", "warm"])
    if kind == "multiselect":
        return rng.sample(options, k=min(len(options), 2))
    return None


def plan(page: Page, code: str, rng: random.Random) -> Screen:
    screen = Screen()
    used: dict[str, set[str]] = {}
    for element in page.widgets():
        key = element.key or ""
        if getattr(element.proto, "disabled", False) or element.kind == "button":
            continue
        if key == "join_code":
            screen.values.append((key, code))
        elif key.startswith("consent") and element.kind == "checkbox":
            screen.values.append((key, True))
        elif item_of(key):
            value = _answer(element, rng, used)
            if value is not None and value is not False:
                screen.values.append((key, value))
                screen.items.add(item_of(key) or "")
    screen.button = forward_button(page)
    return screen


def forward_button(page: Page) -> Element | None:
    """The button that moves a participant on, by key or label; None when there is none."""
    best: Element | None = None
    for element in page.buttons():
        if element.proto.disabled:
            continue
        names = [element.key or "", element.label]
        if any(NEVER.search(n) for n in names if n):
            continue
        if any(FORWARD.search(n) for n in names if n) and (
            best is None or element.proto.type == "primary"
        ):
            best = element
    return best


@dataclass
class Outcome:
    """What one screen cost and gave: its taps, the forward press, the answers sent."""

    taps: list[float] = field(default_factory=list)  # seconds per rerun a tap caused
    press: float = 0.0  # seconds for the forward button's run(s)
    items: set[str] = field(default_factory=set)
    done: bool = False  # no forward button: the flow is over


async def advance(client: StreamlitClient, code: str, rng: random.Random) -> Outcome:
    """Fill the current screen like a person would and press the forward button once."""
    screen = plan(client.page, code, rng)
    outcome = Outcome(items=screen.items)
    if screen.button is None:
        outcome.done = True
        return outcome
    for key, value in screen.values:
        result = await client.set(key, value)
        if result is not None:
            outcome.taps.append(result.seconds)
    button = screen.button
    result = await (client.click(button.key) if button.key else client.click(label=button.label))
    outcome.press = result.seconds
    return outcome


async def complete(
    client: StreamlitClient, code: str, rng: random.Random, *, max_screens: int = 80
) -> set[str]:
    """Go on until no forward button is left; returns the items answered on the way."""
    items: set[str] = set()
    for _screen in range(max_screens):
        problems = client.page.exceptions() + client.page.alerts("error")
        if problems:
            raise AssertionError(f"the page shows a problem: {problems[0]}")
        outcome = await advance(client, code, rng)
        if outcome.done:
            return items
        items |= outcome.items
    raise AssertionError(f"not finished after {max_screens} screens")
