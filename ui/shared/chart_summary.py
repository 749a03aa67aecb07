"""A chart's text summary for screen readers, beside the chart, visually hidden.

The lines come from analysis (chart_text, prepost_wording): the same published
figures the chart draws. They are written with st.text, never Markdown, because
a word cloud's summary holds participants' words.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workshop.i18n import _

# Static CSS: the usual "visually hidden" pattern (kept in the accessibility tree).
_CSS = """
<style>
[class*="st-key-sr_summary"] {position: absolute !important; width: 1px !important;
  height: 1px !important; min-width: 0 !important; min-height: 0 !important;
  flex: none !important; overflow: hidden !important; clip-path: inset(50%) !important;
  white-space: nowrap !important; margin: -1px !important; padding: 0 !important;}
</style>
"""


def render(title: str, lines: Sequence[str], key: str) -> None:
    """Title and lines in a visually hidden container keyed `sr_summary_<key>`."""
    if not lines:
        return
    st.markdown(_CSS, unsafe_allow_html=True)
    with st.container(key=f"sr_summary_{key}"):
        st.text(_("{title}. Summary:").format(title=title))
        for line in lines:
            st.text(line)  # plain text: may hold participants' words
