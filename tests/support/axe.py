"""axe-core in a Playwright page: serious and critical violations not in the allow-list.

axe-core is a pinned npm package (package.json at the repo root; `npm ci` installs it,
as `.ci/run` and `make test` do). The script is injected from the local file, so the
page never loads anything from another host, and the app's CSP is not involved
(Playwright's `add_script_tag(path=...)` inlines the file's text).

The allow-list (tests/axe-allowlist.yaml) names violations that live in Streamlit's
own markup: each entry has a rule id, a regular expression matched against the
failing node's CSS selector, and the reason it cannot be fixed in this app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ALLOWLIST = ROOT / "tests" / "axe-allowlist.yaml"
SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class Allowed:
    rule: str
    selector: re.Pattern[str]
    reason: str

    def covers(self, rule: str, target: str) -> bool:
        return rule == self.rule and bool(self.selector.search(target))


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    target: str
    html: str
    summary: str

    def __str__(self) -> str:
        return f"[{self.impact}] {self.rule} at {self.target}\n    {self.html}\n    {self.summary}"


def load_allowlist(path: Path = ALLOWLIST) -> list[Allowed]:
    """Read the allow-list; every entry needs a rule, a selector pattern and a reason."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed = []
    for number, entry in enumerate(entries, start=1):
        missing = {"rule", "selector", "reason"} - set(entry or {})
        if missing or not str(entry.get("reason", "")).strip():
            raise ValueError(
                f"{path.name} entry {number} needs rule, selector and a non-empty reason "
                f"(missing: {', '.join(sorted(missing)) or 'reason text'})"
            )
        allowed.append(Allowed(entry["rule"], re.compile(entry["selector"]), entry["reason"]))
    return allowed


def require_axe() -> None:
    """Skip with instructions when axe-core has not been installed with npm."""
    if not AXE_JS.exists():
        pytest.skip(f"accessibility tests need {AXE_JS.relative_to(ROOT)}: run `npm ci`")


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Every axe violation on the page as axe reports them (all impacts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    impact: n.impact, target: n.target.join(' '),
                    html: n.html, summary: n.failureSummary || '',
                })),
            }));
        }"""
    )
    return list(result)


def serious_violations(page: Any, allowlist: list[Allowed] | None = None) -> list[Violation]:
    """Serious or critical violations on the page that the allow-list does not cover."""
    allowed = load_allowlist() if allowlist is None else allowlist
    found = []
    for rule in run_axe(page):
        for node in rule["nodes"]:
            impact = node["impact"] or rule["impact"] or ""
            if impact not in SERIOUS:
                continue
            if any(entry.covers(rule["id"], node["target"]) for entry in allowed):
                continue
            found.append(
                Violation(rule["id"], impact, node["target"], node["html"][:300], node["summary"])
            )
    return found


def assert_no_serious_violations(page: Any, screen: str) -> None:
    """Fail with every unlisted serious/critical violation on `screen`, one per line."""
    found = serious_violations(page)
    assert not found, f"axe on the {screen} screen:\n" + "\n".join(str(v) for v in found)
