"""Disclosure control: the one home of k. Pure functions and values, no database, no Streamlit.

Rules (k is the session's minimum group size, at least 3):

1. Nothing about a question is charted until at least k participants answered it.
2. For `sensitive` and `quasi_identifier` questions, and for every question
   when the session masks all (the default), every category with fewer than k
   answers is masked (shown as "fewer than k"); zero is masked too, so a
   masked cell may hold anything from 0 to k-1. A count of people outside the
   categories (those who preferred not to answer a ranking or a text) is shown
   only when both it and the rest are at least k.
3. A masked cell must not be recoverable by subtraction. When categories
   partition the total (single choice, likert, number bins), the viewer knows
   the sum of the masked cells. If that sum pins a masked cell to one value
   (one masked cell; or every masked cell at k-1), the smallest shown cell is
   hidden as well ("hidden to protect a small group"). Once a cell of unknown
   size is hidden, the masked cells can be anything from 0 up and none is pinned.
   If no shown cell is left to hide, the breakdown is withheld altogether.
4. Displays change in batches: a published breakdown is replaced only when at
   least `batch` (k) more people have responded since (see `should_publish`),
   also when results are hidden and revealed again.
5. A word cloud shows a word only when at least k different participants gave
   it, and says how many words it leaves out (analysis/words.py).
6. Several sessions together (pooled views, reports, exports) use the largest
   of their k, never less than one asked for or MIN_K (`pooled_k`).
7. What the room and phones see of sensitive and demographic items, word
   clouds and question-box votes carries noise drawn once per batch (OpenDP's
   discrete Laplace, epsilon per release), and rules 2, 3 and 5 see only the noisy
   counts; research exports stay exact (`noise`, `DisclosurePolicy.epsilon`).

Where they live: `policy` holds every comparison of a count with k, the pooled
k, the batch size, the wording of what was held back and `DisclosurePolicy`,
the value a release point builds from session settings; `cells` applies rules
2 and 3 to one breakdown; `noise` draws rule 7's noise. Exports (analysis/export/) use the same functions for
suppression and k-anonymity.
"""

from .cells import (
    DECLINED,
    PROTECTIVE_LABEL,
    Breakdown,
    Cell,
    Mask,
    fewer_than_label,
    mask_counts,
    masked_cell_pinned,
    masked_label,
)
from .policy import (
    DisclosurePolicy,
    batch_size,
    catching_up_text,
    cloud_counts,
    enough_answers,
    held_back_terms,
    hidden_range,
    identifies,
    is_small,
    largest_small,
    masks_small_groups,
    not_yet_text,
    outside_count_shown,
    pooled_k,
    raised_from,
    raised_k_note,
    shortfall,
    should_publish,
    shown_terms,
    surplus,
    too_few_text,
)

__all__ = [
    "DECLINED",
    "PROTECTIVE_LABEL",
    "Breakdown",
    "Cell",
    "DisclosurePolicy",
    "Mask",
    "batch_size",
    "catching_up_text",
    "cloud_counts",
    "enough_answers",
    "fewer_than_label",
    "held_back_terms",
    "hidden_range",
    "identifies",
    "is_small",
    "largest_small",
    "mask_counts",
    "masked_cell_pinned",
    "masked_label",
    "masks_small_groups",
    "not_yet_text",
    "too_few_text",
    "outside_count_shown",
    "pooled_k",
    "raised_from",
    "raised_k_note",
    "should_publish",
    "shortfall",
    "shown_terms",
    "surplus",
]
