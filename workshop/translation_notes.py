"""The staff-only part of a translation, checked: step notes and module facilitator sections.

A survey translation's `notes:` maps a step id (a question's id, a module
step's module id) to that step's facilitator notes; a module translation's
front matter `facilitator:` gives the English section's objectives, talking
points and discussion prompts line for line (minutes stay the English
file's). They are checked like the participant texts
(workshop/translation_files.py): missing in a declared language, stale when
the English has no such note, and covered by `source_hash`. Staff pages show
them; a participant's phone never gets them (SurveySnapshot.for_participants).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workshop.content import Module, ModuleTexts, Survey, SurveyTexts
from workshop.content_yaml import ContentProblem, Path_
from workshop.translation import FACILITATOR_FIELDS, step_key

__all__ = ["facilitator_problems", "missing", "missing_notes", "stale", "stale_notes"]


def stale(path: Path, line: int, why: str, fix: str = "; update or remove it") -> ContentProblem:
    return ContentProblem(str(path), line, f"stale translation: {why}{fix}")


def missing(path: Path, line: int, language: str, what: str, where: Path | str) -> ContentProblem:
    return ContentProblem(
        str(path), line, f"missing translation ({language}): {what} has no text in {where}"
    )


def stale_notes(
    survey: Survey, texts: SurveyTexts, lines: dict[Path_, int], path: Path
) -> list[ContentProblem]:
    """Notes for a step the survey lacks, or whose English has no notes."""
    steps = {step_key(step): step for step in survey.steps}
    found = []
    for key in texts.notes:
        step, at = steps.get(key), lines.get(("notes", key), 1)
        if step is None:
            found.append(stale(path, at, f"there is no step '{key}' (a question or module id)"))
        elif not step.notes:
            found.append(stale(path, at, f"step '{key}' has no notes in English"))
    return found


def missing_notes(
    survey: Survey,
    texts: SurveyTexts,
    lines: dict[Path_, int],
    report: Callable[[int, str], ContentProblem],
) -> list[ContentProblem]:
    """English notes without a translation, reported at the English file's line."""
    return [
        report(
            lines.get(("steps", index, "notes"), lines.get(("steps", index), 1)),
            f"step '{step_key(step)}' > 'notes'",
        )
        for index, step in enumerate(survey.steps)
        if step.notes and step_key(step) not in texts.notes
    ]


def facilitator_problems(
    english: Module, texts: ModuleTexts, path: Path, line_of: Callable[[str], int]
) -> list[ContentProblem]:
    """A module translation's facilitator section against the English one, line for line."""
    guide, own = english.facilitator, texts.facilitator
    if own is None:
        if guide is None:
            return []
        source = path.parent.parent / path.name  # modules/<lang>/<id>.md -> modules/<id>.md
        lines = source.read_text(encoding="utf-8").split("\n") if source.exists() else []
        at = next((n for n, text in enumerate(lines, 1) if text.startswith("facilitator:")), 1)
        what = f"module '{english.id}' > 'facilitator'"
        return [missing(source, at, path.parent.name, what, path)]
    if guide is None:
        return [stale(path, line_of("facilitator:"), "the English has no facilitator section")]
    found = []
    for name in FACILITATOR_FIELDS:
        have, want = len(getattr(own, name)), len(getattr(guide, name))
        if have != want:
            found.append(
                ContentProblem(
                    str(path),
                    line_of(f"{name}:"),
                    f"facilitator '{name}' has {have} lines here and {want} in the English: "
                    "translate each English line, in order",
                )
            )
    return found
