"""Layout measurements in a real browser: overflow, text size, chart mark thickness.

One script measures the page as the room sees it; `problems` turns the figures
into readable failures. Visually hidden summaries for screen readers (the
`sr_summary` containers) are skipped: they are meant to be 1 px.
"""

from __future__ import annotations

from typing import Any

_MEASURE = """
() => {
  const hidden = el => el.closest('[class*=st-key-sr_summary]');
  const out = {innerH: innerHeight, innerW: innerWidth,
               docScroll: document.scrollingElement.scrollHeight, scrollers: [],
               beyond: [], small: [], marks: [], svgText: []};
  for (const el of document.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if ((style.overflowY === 'auto' || style.overflowY === 'scroll')
        && el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0
        && !el.closest('[data-testid=stSidebar]')) {
      out.scrollers.push((el.getAttribute('data-testid') || el.tagName)
                         + ` ${el.scrollHeight}/${el.clientHeight}`);
    }
  }
  const main = document.querySelector('[data-testid=stMain]');
  for (const el of main.querySelectorAll('*')) {
    if (hidden(el) || !el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.tagName === 'STYLE') continue;
    const text = el.textContent.trim().slice(0, 50);
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
      out.beyond.push(`${text} (${Math.round(r.right)}, ${Math.round(r.bottom)})`);
    }
    // SVG text is drawn at its font size times the scale of its viewBox and transforms.
    const scale = el instanceof SVGGraphicsElement && el.getBBox().height > 0
      ? r.height / el.getBBox().height : 1;
    out.small.push([parseFloat(getComputedStyle(el).fontSize) * scale, text]);
  }
  for (const p of main.querySelectorAll('[data-testid=stVegaLiteChart] svg .mark-rect path')) {
    const r = p.getBoundingClientRect();
    if (r.width > 0.5 && r.height > 0.5) out.marks.push([r.width, r.height]);
  }
  return out;
}
"""


def measure(page: Any) -> dict[str, Any]:
    """The figures of the page as drawn now."""
    return dict(page.evaluate(_MEASURE))


def problems(
    figures: dict[str, Any], *, min_text: float, scroll: bool = False, thickness: float = 20.0
) -> list[str]:
    """What is wrong with a measured page: empty when it fits and reads well.

    `min_text`: the smallest font size allowed, in CSS px. `scroll`: whether the
    page may scroll vertically (a laptop page may; a projector cannot).
    `thickness`: the smaller side the biggest chart mark must have (a bar drawn as
    a hairline has a smaller side of about 2 px).
    """
    found = []
    if not scroll:
        if figures["docScroll"] > figures["innerH"] or figures["scrollers"]:
            found.append(f"scrolls: {figures['docScroll']} {figures['scrollers']}")
        found += [f"beyond the viewport: {b}" for b in figures["beyond"]]
    else:
        found += [
            f"beyond the right edge: {b}"
            for b in figures["beyond"]
            if float(b.rsplit("(", 1)[1].split(",")[0]) > figures["innerW"] + 1
        ]
    found += [
        f"{size} px text: {text}" for size, text in figures["small"] if size < min_text - 0.01
    ]
    marks = figures["marks"]
    if marks:
        widest = max(min(w, h) for w, h in marks)
        if widest < thickness:
            found.append(f"chart marks {widest:.1f} px thick at most (want {thickness})")
    return found
