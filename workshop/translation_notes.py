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
from workshop.i18n import _
from workshop.translation import FACILITATOR_FIELDS, step_key

__all__ = ["facilitator_problems", "missing", "missing_notes", "stale", "stale_notes"]


def stale(path: Path, line: int, why: str, fix: bool = True) -> ContentProblem:
    """`why` a translation is stale; `fix`: say to update or remove it (else `why` says what)."""
    message = (
        _("stale translation: {why}; update or remove it") if fix else _("stale translation: {why}")
    )
    return ContentProblem(str(path), line, message.format(why=why))


def missing(path: Path, line: int, language: str, what: str, where: Path | str) -> ContentProblem:
    message = _("missing translation ({language}): {what} has no text in {where}")
    return ContentProblem(
        str(path), line, message.format(language=language, what=what, where=where)
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
            why = _("there is no step '{key}' (a question or module id)").format(key=key)
            found.append(stale(path, at, why))
        elif not step.notes:
            found.append(stale(path, at, _("step '{key}' has no notes in English").format(key=key)))
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
            _("step '{key}' > 'notes'").format(key=step_key(step)),
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
        what = _("module '{module}' > 'facilitator'").format(module=english.id)
        return [missing(source, at, path.parent.name, what, path)]
    if guide is None:
        why = _("the English has no facilitator section")
        return [stale(path, line_of("facilitator:"), why)]
    found = []
    for name in FACILITATOR_FIELDS:
        have, want = len(getattr(own, name)), len(getattr(guide, name))
        if have != want:
            found.append(
                ContentProblem(
                    str(path),
                    line_of(f"{name}:"),
                    _(
                        "facilitator '{name}' has {have} lines here and {want} in the English: "
                        "translate each English line, in order"
                    ).format(name=name, have=have, want=want),
                )
            )
    return found
