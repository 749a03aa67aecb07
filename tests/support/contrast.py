"""Non-text contrast of form controls (WCAG 1.4.11), measured in a real browser.

axe-core checks the contrast of text only. `faint_marks` reads each control's border as
drawn (composited over what is behind it), its own fill and the colour around it, and
names those under 3:1 against either; `focus_ring` reads what a focused field shows.
"""

from __future__ import annotations

from typing import Any

# Colours as [r, g, b] after compositing every translucent layer, from the page down.
_COLOURS = """
const rgba = s => {
  const m = /rgba?\\(([^)]+)\\)/.exec(s || '');
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
const behind = el => {
  const layers = [];
  for (let n = el; n; n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor));
  let colour = [255, 255, 255];
  for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
  return colour;
};
"""

_MARKS = (
    "selector => {"
    + _COLOURS
    + """
  return [...document.querySelectorAll(selector)].filter(e => e.checkVisibility()).map(el => {
    const s = getComputedStyle(el), around = behind(el.parentElement);
    return {border: over(rgba(s.borderTopColor), around), width: parseFloat(s.borderTopWidth),
            fill: behind(el), around: around,
            what: (el.textContent || el.getAttribute('data-testid') || el.tagName).trim().slice(0, 30)};
  });
}"""
)

# The widest outline (or border) on the focused element and its ancestors up to `root`.
_RING = (
    "root => {"
    + _COLOURS
    + """
  let best = {width: 0, colour: [0, 0, 0], around: [255, 255, 255]};
  for (let n = document.activeElement; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
    if (width > best.width) {
      best = {width: width, colour: over(rgba(s.outlineColor), behind(n.parentElement)),
              around: behind(n.parentElement)};
    }
    if (n.matches(root)) break;
  }
  return best;
}"""
)


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(first: list[float], second: list[float]) -> float:
    """WCAG's contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def faint_marks(page: Any, selector: str, *, minimum: float = 3.0) -> list[str]:
    """Controls matching `selector` whose border is under `minimum` against its surroundings.

    A control whose fill does not stand out (an empty box, an unchosen pill, a field) is
    seen by its border, which must stand out from the colour around it and from that
    fill. No control found is a problem too: a changed selector must not pass by
    measuring nothing.
    """
    # A control still fading between states (a radio just chosen, a pill just hovered)
    # shows neither colour: measure once its transitions have ended.
    page.wait_for_function(
        "s => [...document.querySelectorAll(s)].every(e => e.getAnimations().length === 0)",
        arg=selector,
        timeout=10_000,
    )
    marks = page.evaluate(_MARKS, selector)
    if not marks:
        return [f"{selector}: no visible control found"]
    found = []
    for mark in marks:
        if ratio(mark["fill"], mark["around"]) >= minimum:
            continue  # a filled mark (a chosen radio, a ticked box) stands out by its fill
        worst = min(ratio(mark["border"], mark["around"]), ratio(mark["border"], mark["fill"]))
        if worst < minimum or mark["width"] < 1:
            found.append(f"{selector} {mark['what']!r}: {mark['width']} px border at {worst:.2f}:1")
    return found


def focus_ring(page: Any, root: str) -> tuple[float, float]:
    """(width in px, contrast against its surroundings) of the focused element's ring.

    `root`: a selector of the widget's outer element, where the search stops.
    """
    ring = page.evaluate(_RING, root)
    return ring["width"], ratio(ring["colour"], ring["around"])
