"""Survey YAML for authors: the export round-trips, and hostile uploads are refused at their line."""

from __future__ import annotations

import pytest

from workshop.loading import ContentError
from workshop.survey_yaml import dump_resources, dump_survey, read_resources, read_survey

SHIPPED = [
    "after-conflict",
    "aftercare-followup",
    "aftercare-workshop",
    "aftercare-workshop-60",
    "first-look",
    "quick-poll",
]


@pytest.mark.parametrize("survey_id", SHIPPED)
def test_every_shipped_survey_round_trips(library, survey_id) -> None:
    survey = library.surveys[survey_id]
    text = dump_survey(survey)
    read = read_survey(text.encode(), "export.yaml", library.modules)
    assert read == survey
    assert dump_survey(read) == text  # the export of an import is the file


def test_resources_round_trip(library) -> None:
    text = dump_resources(library.resources)
    assert read_resources(text.encode(), "r.yaml") == library.resources
    assert dump_resources(read_resources(text.encode(), "r.yaml")) == text


def _problems(text: str | bytes, library) -> list[str]:
    data = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(ContentError) as caught:
        read_survey(data, "up.yaml", library.modules)
    return [str(p) for p in caught.value.problems]


BASE = """\
id: mine
version: 1
title: Mine
steps:
  - id: one
    kind: words
    text: One word for what you need
  - module: what-is-aftercare
"""


def test_the_base_file_is_accepted(library) -> None:
    assert read_survey(BASE.encode(), "up.yaml", library.modules).id == "mine"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BASE.replace("kind: words", "kind: &k words"), 6, "anchors"),
        (BASE + "  - id: two\n    kind: *k\n    text: x\n", 10, "aliases"),
        (BASE.replace("title: Mine", "title: !!python/object:os.system ls"), 3, "tag"),
        (BASE.replace("title: Mine", "title: !!str Mine"), 3, "tag"),
        (BASE + "  - id: one\n    kind: words\n    text: Again\n", 9, "already used at line 5"),
        (BASE.replace("One word", "x" * 501), 7, "at most 500 characters"),
        (BASE.replace("One word for", "One **bold** word for"), 7, "markup"),
        (BASE.replace("One word for", "<script>alert(1)</script>"), 7, "markup"),
        (BASE.replace("what-is-aftercare", "no-such-module"), 8, "no module 'no-such-module'"),
        ("id: [unclosed\n", 2, "not valid YAML"),
        ("- just\n- a list\n", 1, "mapping"),
    ],
)
def test_hostile_or_broken_uploads_name_the_line(library, text, line, words) -> None:
    problems = _problems(text, library)
    assert any(p.startswith(f"up.yaml:{line}:") and words in p for p in problems), problems


def test_a_reused_option_code_is_named(library) -> None:
    text = BASE.replace(
        "kind: words\n    text: One word for what you need",
        "kind: single\n    text: Pick\n    options:\n"
        "      - {code: a, label: A}\n      - {code: a, label: B}",
    )
    assert any("repeated: a" in p and p.startswith("up.yaml:5:") for p in _problems(text, library))


def test_oversized_and_binary_uploads_are_refused(library) -> None:
    assert "limit is 1 MB" in _problems(b"#" * 1_000_001, library)[0]
    assert "not UTF-8" in _problems(b"\xff\xfe\x00binary", library)[0]


def test_a_billion_laughs_never_expands(library) -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    assert "anchors" in _problems(bomb, library)[0]
