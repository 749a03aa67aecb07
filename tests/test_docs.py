"""The documentation: a short README, and a site in docs/ that builds strictly and offline.

README.md is what a newcomer reads in five minutes; everything else is the MkDocs
site built from docs/ (mkdocs.yml at the root). A broken link, a missing anchor
or a page left out of the navigation fails the strict build; the checks here add
what MkDocs does not see: README's own links, raw HTML images, file paths named
in backticks, and assets fetched from another host.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted([README, *DOCS.rglob("*.md")])
BENCHMARKS = ROOT / "benchmarks"
RESULTS = sorted([BENCHMARKS / "RESULTS.md", *(BENCHMARKS / "history").glob("*.md")])

# Markdown links and images, and raw HTML images: (text)(target) and src="target".
LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]*\ssrc=\"([^\"]+)\"")
# A path inside the repository, named in backticks: `analysis/export/protection.py`.
TOP_LEVEL = (
    "aftercare|analysis|app_pages|benchmarks|content|deploy|docs|loadtest|migrations"
    "|tests|ui|workshop|\\.streamlit|\\.ci"
)
REPO_PATH = re.compile(rf"`((?:{TOP_LEVEL})/[\w./*@-]*)`")
# Named in the docs, made on a machine, never committed (both are in .gitignore).
MADE_LOCALLY = {".streamlit/secrets.toml", "deploy/.env"}
FILE_SUFFIX = re.compile(r"\.(py|md|ya?ml|json|toml|txt|cfg|template|service|conf|example|png)$")
# What a built page must not load from another host: scripts, styles, images, fonts.
REMOTE_ASSET = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\ssrc=\"(?:https?:)?//"
    r"|<link\b[^>]*\srel=\"(?:stylesheet|preload|preconnect|icon|manifest)\"[^>]*\shref=\"(?:https?:)?//"
    r"|<link\b[^>]*\shref=\"(?:https?:)?//[^\"]*\"[^>]*\srel=\"(?:stylesheet|preload|preconnect)\""
    r"|@import\s+url\((?:https?:)?//"
)


def test_readme_is_short_and_starts_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 400, f"README.md has {len(lines)} lines; move detail into docs/"
    assert lines[0] == "# Aftercare workshop toolkit"
    block = lines[2:6]
    assert block[0] == "```sh" and block[3] == "```", block
    assert block[1].startswith("make run ") and block[2].startswith("make test "), block


@pytest.mark.parametrize("page", PAGES + RESULTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_and_images_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    missing = []
    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z]+:|#", target):  # an outside address or an anchor on this page
            continue
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_paths_named_in_backticks_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    missing = []
    for path in REPO_PATH.findall(text):
        path = path.rstrip(".")
        if path in MADE_LOCALLY or not (path.endswith("/") or FILE_SUFFIX.search(path)):
            continue  # a module attribute such as ui/question_wall.answering_now_panel
        if not (any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()):
            missing.append(path)
    assert not missing, f"{page.relative_to(ROOT)} names paths that do not exist: {missing}"


# The guide's numbered items are one paragraph each, continued lazily, which both read alike;
# it is also the app's own text (app_pages/facilitator_guide.py), so it keeps its layout.
INDENT_CHECKED = sorted(p for p in DOCS.rglob("*.md") if p.name != "facilitator-guide.md")


@pytest.mark.parametrize("page", INDENT_CHECKED, ids=lambda p: p.name)
def test_list_items_continue_with_four_spaces(page: Path) -> None:
    # GitHub reads a list item's second paragraph or code block at 3 spaces; MkDocs'
    # Python-Markdown needs 4, or the item's text runs into the next one.
    lines = page.read_text(encoding="utf-8").splitlines()
    three = [number for number, line in enumerate(lines, 1) if re.match(r" {3}[^ ]", line)]
    assert not three, f"{page.name}: lines {three} are indented 3 spaces; use 4"


def test_every_page_of_docs_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        assert str(page.relative_to(DOCS)) in nav, page


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="mkdocs-material is not installed (pip install -e '.[test]')",
)
@pytest.mark.slow
def test_site_builds_strictly_and_loads_nothing_from_another_host(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    built = sorted(site.rglob("*.html"))
    assert (site / "index.html") in built and (site / "facilitator-guide.html") in built
    remote = [
        f"{page.relative_to(site)}: {found.group(0)}"
        for page in built
        for found in REMOTE_ASSET.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not remote, remote
    # The theme's own stylesheets name no web font either (theme.font: false).
    styles = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in styles and "fonts.gstatic" not in styles


def test_benchmark_results_open_with_todays_figures_and_link_every_round() -> None:
    results = (BENCHMARKS / "RESULTS.md").read_text(encoding="utf-8")
    table = results.split("\n## ", 1)[0]  # everything before the first section
    assert table.count("\n| ") >= 10 and len(table.splitlines()) <= 40
    rounds = sorted((BENCHMARKS / "history").glob("*.md"))
    assert rounds
    for page in rounds:
        assert f"(history/{page.name})" in results, page.name
