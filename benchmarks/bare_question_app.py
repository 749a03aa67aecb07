"""The bare page, dressed as our question screen: a measuring stick, not a page.

The same elements a participant's question screen draws (the quick-exit bar
with its CSS and script, a progress bar, a form holding a heading, a radio
and three submit buttons in a row container, and a withdraw button), with
one SQLite insert per Next and none of our code: no navigation, no database
layer, no survey. The CPU it costs per rerun above bare_app.py is what the
elements themselves cost; what our page costs above this is ours.

    python -m benchmarks.load --start-app --participants 300 --think 0 --ramp 5 \
        --baseline --bare-script benchmarks/bare_question_app.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.bare_common import insert, same_gc_policy
from ui.participant.chrome import quick_exit  # static HTML, no app state

st.set_page_config(page_title="Workshop", layout="centered")
quick_exit("about:blank")
st.progress(0.25, text="Step 3 of 13")
with st.form("step", border=False, enter_to_submit=False):
    st.subheader("How important is aftercare to you?", anchor=False)
    choice = st.radio("Pick one", ["1", "2", "3", "4", "5"], key="choice")
    st.form_submit_button("Prefer not to answer", key="decline", width="stretch")
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.form_submit_button("Back", key="back", icon=":material/arrow_back:")
        save = st.form_submit_button(
            "Next",
            key="save",
            type="primary",
            icon=":material/arrow_forward:",
            icon_position="right",
        )
if save:
    insert(st.query_params.get("who", ""), 1, choice)
st.button("Withdraw and delete my answers", key="withdraw", type="tertiary")
same_gc_policy()
