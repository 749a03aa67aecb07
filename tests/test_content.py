"""Content models and loading: every rule reports file, line and a plain message."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from workshop.loading import ContentError, load_content, parse_module, parse_survey

ROOT = Path(__file__).resolve().parent.parent

LIKERT = """
    options:
      - {code: "1", label: One}
      - {code: "2", label: Two}
      - {code: "3", label: Three}
      - {code: "4", label: Four}
      - {code: "5", label: Five}
"""


def survey_text(steps: str, header: str = "") -> str:
    return textwrap.dedent(
        f"""\
        id: test-survey
        version: 1
        title: Test
        {header}
        steps:
        """
    ) + textwrap.indent(textwrap.dedent(steps), "  ")


def problems_of(text: str) -> list:
    with pytest.raises(ContentError) as caught:
        parse_survey(text, "s.yaml")
    return caught.value.problems


def test_shipped_content_is_valid(library) -> None:
    assert library.problems == []
    assert library.surveys and library.modules and library.resources
    for survey in library.surveys.values():
        assert set(survey.module_ids) <= set(library.modules)


def test_likert_without_labels_names_line_and_fix() -> None:
    problems = problems_of(survey_text("- id: q1\n  kind: likert\n  text: How much?\n"))
    assert len(problems) == 1
    assert problems[0].line == 6
    assert "question 'q1'" in problems[0].message
    assert "labelled points" in problems[0].message


def test_likert_needs_five_or_seven_points() -> None:
    steps = "- id: q1\n  kind: likert\n  text: How?\n  options:\n" + "".join(
        f"    - {{code: c{i}, label: L{i}}}\n" for i in range(4)
    )
    (problem,) = problems_of(survey_text(steps))
    assert "5 or 7" in problem.message and "found 4" in problem.message


def test_duplicate_question_ids() -> None:
    steps = "- id: q1\n  kind: text\n  text: A\n- id: q1\n  kind: text\n  text: B\n"
    (problem,) = problems_of(survey_text(steps))
    assert "'q1' is used more than once" in problem.message


def test_duplicate_option_codes_and_too_many_choices() -> None:
    steps = """\
    - id: q1
      kind: multiple
      text: Which?
      max_choices: 3
      options:
        - {code: a, label: A}
        - {code: a, label: B}
    """
    (problem,) = problems_of(survey_text(steps))
    assert "repeated: a" in problem.message
    assert "max_choices" in problem.message


def test_pre_item_without_post_twin() -> None:
    steps = (
        "- id: q1\n  kind: likert\n  text: How?\n  measure: pre\n  construct: imp\n"
        + textwrap.indent(textwrap.dedent(LIKERT).strip("\n") + "\n", "")
        .replace("options:", "  options:")
        .replace("\n  - ", "\n    - ")
    )
    (problem,) = problems_of(survey_text(steps))
    assert "pre item 'q1'" in problem.message and "no post twin" in problem.message


def test_pre_and_post_must_share_a_scale() -> None:
    steps = (
        "- id: pre1\n  kind: number\n  text: A\n  measure: pre\n  construct: c\n  max: 10\n"
        "- id: post1\n  kind: number\n  text: A\n  measure: post\n  construct: c\n  max: 20\n"
    )
    (problem,) = problems_of(survey_text(steps))
    assert "same kind and scale" in problem.message


def test_unknown_field_is_reported_with_its_line() -> None:
    steps = "- id: q1\n  kind: text\n  text: A\n  maxlength: 20\n"
    (problem,) = problems_of(survey_text(steps))
    assert problem.line == 9
    assert "'maxlength'" in problem.message and "not a known field" in problem.message


def test_many_problems_reported_at_once() -> None:
    steps = (
        "- id: q1\n  kind: likert\n  text: A\n"
        "- id: Bad Id\n  kind: text\n  text: B\n"
        "- id: q3\n  kind: telepathy\n  text: C\n"
    )
    problems = problems_of(survey_text(steps))
    assert len(problems) == 3
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_invalid_yaml_and_wrong_shapes() -> None:
    (problem,) = problems_of("id: x\n  steps: [\n")
    assert "not valid YAML" in problem.message and problem.line >= 1
    (problem,) = problems_of("- just\n- a list\n")
    assert "mapping" in problem.message
    (problem,) = problems_of("")
    assert "empty" in problem.message
    (problem,) = problems_of("id: a\nid: b\n")
    assert "appears twice" in problem.message and problem.line == 2


@pytest.mark.slow
def test_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    (problem,) = problems_of(bomb)
    assert "too large" in problem.message


def test_module_front_matter_rules() -> None:
    good = "---\nid: m1\ntitle: T\nminutes: 2\nsources: [A source]\n---\nBody text.\n"
    module = parse_module(good, "m.md")
    assert module.body == "Body text." and module.sources == ("A source",)
    with pytest.raises(ContentError, match="front matter"):
        parse_module("No front matter", "m.md")
    with pytest.raises(ContentError) as caught:
        parse_module("---\nid: m1\ntitle: T\nminutes: 2\n---\nBody\n", "m.md")
    assert "'sources'" in str(caught.value) and "required" in str(caught.value)
    with pytest.raises(ContentError) as caught:
        parse_module("---\nid: m1\ntitle: T\nminutes: 99\nsources: [s]\n---\nBody\n", "m.md")
    assert caught.value.problems[0].line == 4


def _content_dir(tmp_path: Path, survey: str, modules: dict[str, str] | None = None) -> Path:
    (tmp_path / "surveys").mkdir()
    (tmp_path / "modules").mkdir()
    (tmp_path / "surveys" / "s.yaml").write_text(survey)
    for name, text in (modules or {}).items():
        (tmp_path / "modules" / f"{name}.md").write_text(text)
    return tmp_path


def test_unknown_module_id_names_the_step(tmp_path: Path) -> None:
    root = _content_dir(
        tmp_path, survey_text("- id: q1\n  kind: text\n  text: A\n- module: missing-one\n")
    )
    library = load_content(root)
    (problem,) = library.problems
    assert problem.file.endswith("s.yaml") and problem.line == 9
    assert "module 'missing-one', which does not exist" in problem.message


def test_duplicate_module_ids_across_files(tmp_path: Path) -> None:
    module = "---\nid: same\ntitle: T\nminutes: 1\nsources: [s]\n---\nBody\n"
    root = _content_dir(tmp_path, survey_text("- module: same\n"), {"one": module, "two": module})
    library = load_content(root)
    assert any("module id 'same' is already used" in p.message for p in library.problems)


@pytest.mark.slow
def test_validate_command_exit_codes(tmp_path: Path) -> None:
    ok = run_cli("validate", str(ROOT / "content"))
    assert ok.returncode == 0, ok.stderr
    assert "OK:" in ok.stdout
    root = _content_dir(tmp_path, survey_text("- id: q1\n  kind: likert\n  text: A\n"))
    bad = run_cli("validate", str(root))
    assert bad.returncode == 1
    assert "s.yaml:6:" in bad.stderr and "1 problem(s)" in bad.stderr


def test_schema_command_prints_json_schema() -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "steps" in schema["properties"]
    question = schema["$defs"]["Question"]["properties"]
    assert {"kind", "options", "sensitive", "quasi_identifier", "measure", "construct"} <= set(
        question
    )


# --- references.json: the bibliography as data -------------------------------

MODULE_CITING = (
    "---\nid: m1\ntitle: T\nminutes: 1\nsources:\n  - known\n  - {missing}\n---\n"
    "In a study of 40 people, most liked it [@known].\nAnother said so [@{inline}].\n"
)


def _bibliography(tmp_path: Path, entries: list[dict], module: str) -> Path:
    root = _content_dir(tmp_path, survey_text("- module: m1\n"), {"m1": module})
    (root / "references.json").write_text(json.dumps(entries, indent=2))
    return root


def test_bibliography_problems_name_file_and_line(tmp_path: Path) -> None:
    entries = [
        {"id": "known", "type": "article-journal", "title": "A", "DOI": "10.1/x"},
        {"id": "unused", "type": "article-journal", "title": "B", "URL": "https://example.org"},
        {"id": "no-link", "type": "article-journal", "title": "C"},
    ]
    module = MODULE_CITING.format(missing="no-link", inline="ghost")
    library = load_content(_bibliography(tmp_path, entries, module))
    found = {(Path(p.file).name, p.line, p.message) for p in library.problems}
    messages = " | ".join(sorted(m for _, _, m in found))
    unused = "entry 'unused' is not cited by any module; cite it or remove it"
    assert ("references.json", 8, unused) in found, messages
    assert any(
        name == "references.json" and line == 14 and "'no-link'" in m and "DOI" in m
        for name, line, m in found
    ), messages
    assert any(
        name == "m1.md" and line == 10 and "[@ghost]" in m and "not an entry" in m
        for name, line, m in found
    ), messages
    assert len(library.problems) == 3, messages


def test_unknown_source_key_is_reported_on_its_front_matter_line(tmp_path: Path) -> None:
    entries = [{"id": "known", "type": "article-journal", "title": "A", "DOI": "10.1/x"}]
    module = MODULE_CITING.format(missing="typo2014", inline="known")
    library = load_content(_bibliography(tmp_path, entries, module))
    (problem,) = library.problems
    assert problem.file.endswith("m1.md") and problem.line == 7
    assert "source 'typo2014' is not an entry" in problem.message


def test_inline_citation_must_be_listed_under_sources(tmp_path: Path) -> None:
    entries = [
        {"id": "known", "type": "article-journal", "title": "A", "DOI": "10.1/x"},
        {"id": "other", "type": "article-journal", "title": "B", "DOI": "10.1/y"},
    ]
    module = "---\nid: m1\ntitle: T\nminutes: 1\nsources: [known]\n---\nOne [@known; @other].\n"
    root = _content_dir(tmp_path, survey_text("- module: m1\n"), {"m1": module})
    (root / "references.json").write_text(json.dumps(entries))
    messages = [p.message for p in load_content(root).problems]
    assert any("[@other] is not listed under 'sources'" in m for m in messages), messages


def test_validate_command_reports_bibliography_problems(tmp_path: Path) -> None:
    entries = [{"id": "known", "type": "article-journal", "title": "A"}]
    module = "---\nid: m1\ntitle: T\nminutes: 1\nsources: [known]\n---\nBody [@known].\n"
    root = _bibliography(tmp_path, entries, module)
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "references.json:2:" in result.stderr and "DOI" in result.stderr


def test_snapshot_carries_the_entries_its_modules_cite(library) -> None:
    snapshot = library.snapshot("first-look")
    keys = {key for module in snapshot.modules.values() for key in module.sources}
    assert set(snapshot.references) == keys
