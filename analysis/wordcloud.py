"""Deterministic word-cloud layout: the same words always land in the same places.

Pure geometry, no drawing: words are sized by how many people gave them and
placed, largest first, on an Archimedean spiral from the centre, each at the
first point where its box overlaps no earlier word. No randomness, so a
refresh with the same words does not move anything, and a new batch moves
only what changed. Text widths are estimated from the font size (a sans-serif
average), with padding, so the estimate errs on the side of space.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_WORDS = 40  # more than this is unreadable from the back of a room
CHAR_WIDTH = 0.62  # average advance of a bold sans-serif character, in font sizes
LINE_HEIGHT = 1.15
PADDING = 10


@dataclass(frozen=True)
class Placed:
    word: str
    count: int
    x: float  # centre, pixels from the left
    y: float  # centre, pixels from the top
    size: float  # font size in pixels
    rank: int  # 0 for the most given word


def _box(word: str, size: float, x: float, y: float) -> tuple[float, float, float, float]:
    half_w = CHAR_WIDTH * size * len(word) / 2 + PADDING / 2
    half_h = LINE_HEIGHT * size / 2 + PADDING / 2
    return x - half_w, y - half_h, x + half_w, y + half_h


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def font_sizes(counts: list[int], smallest: float, largest: float) -> list[float]:
    """Area-like scaling: size grows with the square root of the count."""
    if not counts:
        return []
    low, high = math.sqrt(min(counts)), math.sqrt(max(counts))
    if high == low:
        return [largest if len(counts) == 1 else (smallest + largest) / 2] * len(counts)
    return [smallest + (largest - smallest) * (math.sqrt(c) - low) / (high - low) for c in counts]


def layout(
    terms: tuple[tuple[str, int], ...],
    width: int = 1400,
    height: int = 640,
    *,
    smallest: float = 30,
    largest: float = 110,
) -> list[Placed]:
    """Place up to MAX_WORDS terms (most given first) inside width x height.

    If a word does not fit, every size is scaled down and the layout starts
    again, so all words are always placed (down to a floor that stays legible).
    """
    chosen = terms[:MAX_WORDS]
    scale = 1.0
    while True:
        placed = _try(chosen, width, height, smallest * scale, largest * scale)
        if placed is not None or scale < 0.45:
            return placed or []
        scale *= 0.9


def extent(
    placed: list[Placed], width: int, height: int, *, least: float = 0.6
) -> tuple[float, float, float, float]:
    """The box the placed words take (left, top, right, bottom), at least `least` of the
    canvas each way and centred on the words: a few words drawn in it fill a screen's
    area without growing more than 1/least times."""
    boxes = [_box(p.word, p.size, p.x, p.y) for p in placed] or [(0.0, 0.0, width, height)]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    half_w = max(right - left, least * width) / 2
    half_h = max(bottom - top, least * height) / 2
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
    return mid_x - half_w, mid_y - half_h, mid_x + half_w, mid_y + half_h


def _try(
    terms: tuple[tuple[str, int], ...],
    width: int,
    height: int,
    smallest: float,
    largest: float,
) -> list[Placed] | None:
    sizes = font_sizes([n for _, n in terms], smallest, largest)
    boxes: list[tuple[float, float, float, float]] = []
    placed: list[Placed] = []
    centre_x, centre_y = width / 2, height / 2
    aspect = width / height  # stretch the spiral to the screen's shape
    for rank, ((word, count), size) in enumerate(zip(terms, sizes, strict=True)):
        spot = None
        for step in range(6000):
            angle = 0.35 * step
            radius = 2.2 * angle
            x = centre_x + radius * math.cos(angle) * aspect
            y = centre_y + radius * math.sin(angle)
            box = _box(word, size, x, y)
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                if radius * min(aspect, 1) > max(width, height):
                    break
                continue
            if not any(_overlaps(box, other) for other in boxes):
                spot = (x, y, box)
                break
        if spot is None:
            return None
        x, y, box = spot
        boxes.append(box)
        placed.append(Placed(word, count, round(x, 1), round(y, 1), round(size, 1), rank))
    return placed
