"""Support resources that are still the shipped examples, not real local services.

content/resources.yaml ships placeholder services ("A counselling or crisis
line (example)", "Your country's national helpline number goes here."). A
session created with them would show participants in distress a helpline that
does not exist, so creating one needs an explicit confirmation (the CLI flag
--example-resources, the sessions page's checkbox; both ask `require_confirmation`)
and the presenter's screen warns the facilitator.
"""

from __future__ import annotations

from workshop.content import Resources
from workshop.errors import WorkshopError
from workshop.i18n import N_, _

# Wording only the shipped examples use; a facilitator's real entries will not.
_MARKERS = ("(example)", "goes here", "examples only")


def example_items(resources: Resources | None) -> list[str]:
    """Names of the resource items that still read as the shipped examples."""
    if resources is None:
        return []
    found = []
    for item in resources.items:
        fields = (item.name, item.description, item.contact, item.url or "", item.text_or_chat)
        text = " ".join(fields).lower()
        if any(marker in text for marker in _MARKERS):
            found.append(item.name)
    return found


def are_examples(resources: Resources | None) -> bool:
    """True when the note or any item still reads as the shipped placeholder text."""
    if resources is None:
        return False
    return bool(example_items(resources)) or any(m in resources.note.lower() for m in _MARKERS)


WARNING = N_(  # shown with _() on the staff pages
    "The support resources in this session are still the shipped examples "
    "(for instance “Your country's national helpline number goes here.”). Participants "
    "see them at consent and at the end. Replace them on the Support resources page "
    "(or in content/resources.yaml) with services near your participants, then create "
    "a new session."
)


class ExampleResourcesNotConfirmed(WorkshopError):
    """A session would show participants the shipped example resources, unconfirmed."""


def require_confirmation(resources: Resources | None, *, confirmed: bool, how: str) -> None:
    """The rule for creating a session: example resources only when confirmed (a rehearsal).

    `how` says how this caller confirms ("add --example-resources", "tick ...");
    raises ExampleResourcesNotConfirmed with a message a facilitator can act on.
    """
    if confirmed or not are_examples(resources):
        return
    raise ExampleResourcesNotConfirmed(
        _(
            "The support resources are still the shipped examples, and participants would "
            "see them. Replace them on the Support resources page (or in "
            "content/resources.yaml) with services near your participants, or "
            "{how} to create the session anyway (for a rehearsal)."
        ).format(how=how)
    )
