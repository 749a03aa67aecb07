"""What participants' end screens show: the released snapshot, and words a facilitator hid.

A released snapshot keeps counts only (analysis/live/batches.py). Texts are
read from the live approved answers each time, so a text withdrawn, hidden
or purged after the release is gone from every phone at once.
"""

from __future__ import annotations

from dataclasses import replace

from analysis import words
from analysis.batch_noise import noise_shown
from analysis.disclosure import DisclosurePolicy
from workshop.aggregates import ParticipantCounts
from workshop.content import Question
from workshop.published import Stored

from .batches import Basis, Published, aggregates_of
from .views import QuestionView, question_view


def released_view(
    question: Question,
    session_id: int,
    stored: Stored | None,
    policy: DisclosurePolicy,
    *,
    texts: tuple[str, ...] = (),
) -> QuestionView | None:
    """A question as the facilitator released it to participants (None: not released).

    Counts come only from the released snapshot, never from live counts, so a
    watching participant cannot difference one release against the next tap.
    `texts` are the question's approved texts now (live, like the room's
    list): what was withdrawn or hidden since the release is not among them.
    """
    if stored is None:
        return None
    basis = replace(Basis.from_stored(question.id, stored), texts=texts)
    responded = basis.responded
    people = ParticipantCounts(responded, responded, 0, {})  # what the snapshot knew
    data = aggregates_of(session_id, question.id, basis, people)
    return question_view(question, data, policy, noise=noise_shown(question, basis.noise, policy))


def without_hidden_words(result: Published, hidden: tuple[str, ...]) -> Published:
    """The published view with the words the facilitator hid taken off its cloud.

    Applied after batching, so hiding a word takes effect at once without
    publishing fresher counts.
    """
    cloud = result.view.cloud
    if cloud is None or not hidden:
        return result
    return replace(result, view=replace(result.view, cloud=words.without(cloud, hidden)))
