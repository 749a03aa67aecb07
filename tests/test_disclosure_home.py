"""The k rules have one home: analysis/disclosure/ (issue #22).

An AST scan of the app's packages: outside the home, no comparison may involve
k (`n < k`, `len(x) >= view.k`, `pairs < pooled_k`), no min() or max() may take
a k (the largest k of several sessions, clamps like min(k - 1, bound)), and no
arithmetic may be done with k (`k - n`, `report.k - 1`), and no batch size may
be made from k (`batch=k`). Each of those is a disclosure rule and belongs to analysis/disclosure/policy.py or cells.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("analysis", "workshop", "ui", "app_pages")
HOME = Path("analysis") / "disclosure"
MAX_HOME_FILES = 3  # the done-condition of issue #22

# k itself, several ks, and any name for a k: pooled_k, requested_k, MIN_K, k_used.
K_NAME = re.compile(r"^ks?$|_k$|^k_", re.IGNORECASE)
# Membership and identity tests are about keys and objects, not counts.
NOT_ORDERING = (ast.In, ast.NotIn, ast.Is, ast.IsNot)


def _names_k(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        name = sub.id if isinstance(sub, ast.Name) else getattr(sub, "attr", None)
        if isinstance(sub, ast.Name | ast.Attribute) and name and K_NAME.search(name):
            return True
    return False


def _is_k(node: ast.AST) -> bool:
    """The operand is a k itself (`k`, `view.k`, `pooled_k`), not an expression holding one."""
    if isinstance(node, ast.Name):
        return bool(K_NAME.search(node.id))
    return isinstance(node, ast.Attribute) and bool(K_NAME.search(node.attr))


def k_rules_in(source: str) -> list[tuple[int, str]]:
    """(line, code) of every comparison, min/max or arithmetic that involves a k."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            if all(isinstance(op, NOT_ORDERING) for op in node.ops):
                continue
            hit = any(_names_k(side) for side in (node.left, *node.comparators))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            hit = node.func.id in ("min", "max") and any(_names_k(a) for a in node.args)
        elif isinstance(node, ast.BinOp):
            hit = _is_k(node.left) or _is_k(node.right)
        elif isinstance(node, ast.keyword):
            hit = node.arg == "batch" and _names_k(node.value)  # the batch size is a rule too
        else:
            continue
        if hit:
            found.append((getattr(node, "lineno", 0), ast.unparse(node)))
    return found


def k_rules_by_file(root: Path) -> dict[Path, list[tuple[int, str]]]:
    out = {}
    for package in SCANNED:
        for path in sorted((root / package).rglob("*.py")):
            rules = k_rules_in(path.read_text(encoding="utf-8"))
            if rules:
                out[path.relative_to(root)] = rules
    return out


@pytest.mark.slow
def test_no_k_rule_outside_the_disclosure_home() -> None:
    outside = {
        str(path): rules
        for path, rules in k_rules_by_file(ROOT).items()
        if not path.is_relative_to(HOME)
    }
    assert not outside, (
        "A count is compared with k (or k is pooled or computed with) outside "
        f"analysis/disclosure/: use a rule from analysis.disclosure instead. {outside}"
    )


@pytest.mark.slow
def test_the_home_is_at_most_three_files() -> None:
    home = [path for path in k_rules_by_file(ROOT) if path.is_relative_to(HOME)]
    assert home, "the scan found no k rule at all: it is no longer looking"
    assert len(home) <= MAX_HOME_FILES, home


def test_the_scan_sees_each_form_of_a_k_rule() -> None:
    caught = [
        "small = n < k",
        "if len(members) >= view.k: pass",
        "ok = 1 <= cell.value < settings.k",
        "k = max(s.k for s in sessions)",
        "k = max([MIN_K, *ks, requested or 0])",
        "top = min(k - 1, bound)",
        "short = k - held",
        "text = f'between 1 and {report.k - 1}'",
        "if pairs < pooled_k: pass",
        "if requested_k < used: pass",
        "views.current(question, data, k, batch=k)",
    ]
    for line in caught:
        assert k_rules_in(line), line
    ignored = [
        "if k in entries: pass",  # a dict key named k
        "fixed = {k: v for k, v in params.items() if v is not None}",
        "if is_small(len(d), k): pass",  # a rule from the home, called
        "if cloud.below: pass",
        "views.current(question, data, policy.k, batch=policy.batch)",
        "x = len(configured) < MIN_KEY_LENGTH",
    ]
    for line in ignored:
        assert not k_rules_in(line), line
