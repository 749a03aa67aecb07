"""The facilitator's word-cloud controls on the present page: bars or cloud, hide a word.

Hiding takes a word off this session's clouds at once (stored in the
session's settings) and deletes no answer; "Show again" puts it back. Words
are listed as plain option labels, never as Markdown.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.live_results import published, set_word_hidden
from workshop.content import Question
from workshop.i18n import _
from workshop.sessions import WorkshopSession

AS_BARS = "fac_words_bars"


def as_bars() -> bool:
    return bool(st.session_state.get(AS_BARS, False))


def controls(session: WorkshopSession, question: Question) -> None:
    st.toggle(
        _("Show the words as bars (exact counts)"),
        key=AS_BARS,
        help=_("A sorted bar chart of the same words, easier to read than a cloud."),
    )
    with st.expander(_("Hide a word from the cloud"), icon=":material/visibility_off:"):
        cloud = published(session, question).view.cloud
        shown = [term[0] for term in cloud.terms] if cloud is not None else []
        with st.form("fac_hide_word_form", border=False):
            word = st.selectbox(
                _("Word on the cloud"),
                shown,
                index=None,
                placeholder=_("Choose a word…"),
                key="fac_hide_word",
            )
            hide = st.form_submit_button(_("Hide from the cloud"), icon=":material/block:")
        if hide and word:
            set_word_hidden(session, word, True)
            st.rerun()
        if session.settings.hidden_words:
            st.caption(_("Hidden in this session (everyone's answers are kept):"))
        for index, hidden in enumerate(session.settings.hidden_words):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.text(hidden)  # a participant's word: plain text
            if right.button(_("Show again"), key=f"fac_unhide_{index}"):
                set_word_hidden(session, hidden, False)
                st.rerun()
