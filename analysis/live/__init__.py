"""What a live display may show for each question: SQL aggregates plus disclosure control.

One module per job:
- counts.py: `collect`, the session's raw counts (SQL GROUP BY, cached per refresh);
- views.py: `question_view`, one question through the session's DisclosurePolicy;
- batches.py: `BatchedViews`, what is on screen, replaced only in batches and kept
  in a BatchStore (the database in the app);
- released.py: `released_view`, the snapshot released to participants' end screens.
"""

from __future__ import annotations

from .batches import (
    Basis,
    BatchedViews,
    BatchStore,
    DatabaseBatchStore,
    MemoryBatchStore,
    Published,
    aggregates_of,
    basis_of,
    next_batch,
)
from .counts import SessionAggregates, collect
from .released import released_view, without_hidden_words
from .views import MAX_BINS, NumberBin, QuestionView, ViewState, number_bins, question_view

__all__ = [
    "MAX_BINS",
    "Basis",
    "BatchStore",
    "BatchedViews",
    "DatabaseBatchStore",
    "MemoryBatchStore",
    "NumberBin",
    "Published",
    "QuestionView",
    "SessionAggregates",
    "ViewState",
    "aggregates_of",
    "basis_of",
    "collect",
    "next_batch",
    "number_bins",
    "question_view",
    "released_view",
    "without_hidden_words",
]
