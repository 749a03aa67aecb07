"""The bibliography renderer: entries to text, inline markers to "(Author, year)"."""

from __future__ import annotations

from workshop import references

ENTRIES = {
    "one": {
        "id": "one",
        "type": "article-journal",
        "author": [{"family": "Bird", "given": "Brian S."}],
        "issued": {"date-parts": [[2011]]},
        "title": "A title",
        "container-title": "A Journal",
        "volume": "23",
        "issue": "1",
        "page": "14-25",
        "DOI": "10.1/x",
    },
    "two": {
        "id": "two",
        "author": [{"family": "Maczkowiack", "given": "Joel"}, {"family": "Schweitzer"}],
        "issued": {"date-parts": [[2019]]},
        "title": "Is it?",
        "URL": "https://example.org/two",
    },
    "many": {
        "id": "many",
        "author": [{"family": "Muise"}, {"family": "Giang"}, {"family": "Impett"}],
        "issued": {"date-parts": [[2014]]},
        "title": "T",
        "DOI": "10.1/y",
    },
    "first-only": {
        "id": "first-only",
        "author": [{"family": "Exton", "given": "Michael S."}],
        "issued": {"date-parts": [[2001]]},
        "title": "T",
        "DOI": "10.1/z",
        "note": "et al.",
    },
    "anon": {
        "id": "anon",
        "title": "After the Act: long",
        "title-short": "After the Act",
        "issued": {"date-parts": [[2025]]},
        "DOI": "10.1/a",
    },
    "web": {"id": "web", "author": [{"literal": "Mind"}], "title": "Grounding", "URL": "https://x"},
    "dated": {
        "id": "dated",
        "author": [{"literal": "WHO"}],
        "title": "Fact sheet",
        "URL": "https://y",
        "accessed": {"date-parts": [[2026, 12, 7]]},
    },
}


def test_inline_markers_become_author_year() -> None:
    text = "A [@one]. B [@two; @many]. C [@first-only]. D [@anon]. E [@web]."
    assert references.render_citations(text, ENTRIES) == (
        "A (Bird, 2011). B (Maczkowiack and Schweitzer, 2019; Muise and colleagues, 2014). "
        "C (Exton and colleagues, 2001). D (After the Act, 2025). E (Mind, n.d.)."
    )


def test_unknown_marker_stays_visible_rather_than_vanishing() -> None:
    assert references.render_citations("X [@nobody].", ENTRIES) == "X [@nobody]."
    assert references.cited_keys("a [@one] b [@two; @many]") == ["one", "two", "many"]


def test_entry_is_formatted_with_its_doi_or_url() -> None:
    assert references.format_entry(ENTRIES["one"]) == (
        "Bird, B. S. (2011). A title. A Journal, 23(1), 14-25. https://doi.org/10.1/x"
    )
    assert references.format_entry(ENTRIES["two"]) == (
        "Maczkowiack, J., & Schweitzer (2019). Is it? https://example.org/two"
    )
    assert references.format_entry(ENTRIES["first-only"]).startswith("Exton, M. S., et al. (2001)")
    assert references.format_entry(ENTRIES["anon"]).startswith("After the Act: long (2025).")
    # a web page says when it was read, since it can change afterwards
    assert references.format_entry(ENTRIES["dated"]).endswith("https://y (accessed 2026-12-07)")


def test_module_text_renders_body_and_lists_sources() -> None:
    body, listed = references.module_text("Fact [@one].", ["one", "web"], ENTRIES)
    assert body == "Fact (Bird, 2011)."
    assert listed == sorted(listed, key=str.casefold) and len(listed) == 2
    # a session stored before references were data keeps its written citations
    _, old = references.module_text("Body", ["Someone (2001). A study."], {})
    assert old == ["Someone (2001). A study."]


def test_entries_without_title_or_link_are_problems_with_lines() -> None:
    text = '[\n  {"id": "ok", "title": "T", "DOI": "1"},\n  {"id": "bad"}\n]'
    entries, problems = references.load_entries(text)
    assert set(entries) == {"ok", "bad"}
    assert [p.line for p in problems] == [3, 3]
    assert "title" in problems[0].message and "DOI" in problems[1].message
    _, broken = references.load_entries("[{")
    assert broken and "not valid JSON" in broken[0].message
