"""Researcher: download an anonymized export of chosen sessions as one zip file.

Staff only: app.py's navigation shows this page after the staff login.
The work is done by analysis.export; this page only gathers choices.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from analysis.export import ExportOptions, build_zip
from ui.shared import language
from ui.shared.runtime import engine
from ui.staff.auth import require_staff
from ui.staff.common import k_input
from ui.staff.research_report import pooled_view, report_download
from workshop import i18n, sessions
from workshop.errors import WorkshopError
from workshop.i18n import N_, _, ngettext
from workshop.sessions import SessionState

require_staff()

st.title(_("Research export"))
st.write(
    _(
        "Anonymized answers with a codebook (datapackage.json), a summary with small "
        "groups hidden, the pre/post comparison and a plain-language account of what "
        "was removed (ANONYMIZATION.md)."
    )
)

found = sessions.list_sessions(engine())
if not found:
    st.info(_("There are no sessions yet. Create one first; its answers can be exported here."))
    st.stop()

by_id = {s.id: s for s in found}
# Each state as the picker names it (the words the session codes always showed, translated).
STATES = {
    SessionState.draft: N_("draft"),
    SessionState.open: N_("open"),
    SessionState.closed: N_("closed"),
}


def _describe(session_id: int) -> str:
    s = by_id[session_id]
    count = sessions.participant_count(engine(), s.id)
    joined = ngettext("{joined} joined", "{joined} joined", count).format(joined=count)
    return " · ".join((s.code, s.title, i18n.day(s.created_at.date()), joined, _(STATES[s.state])))


with st.form("export"):
    chosen = st.multiselect(
        _("Sessions"), options=list(by_id), format_func=_describe, placeholder=_("Choose sessions")
    )
    k = k_input(
        _("Smallest group size k"),
        value=sessions.DEFAULT_K,
        help=_("Each session's own k is used if it is higher; you can only raise it."),
    )
    include_text = st.checkbox(
        _("Include free-text answers"),
        help=_(
            "Only if your ethics approval covers them. E-mail addresses, phone numbers, "
            "links and @handles are replaced by placeholders; names are not."
        ),
    )
    label_language = st.selectbox(
        _("Question texts and option labels in"),
        ["", *i18n.catalog_languages()],
        format_func=lambda code: language.display_name(code) if code else _("The surveys' own"),
        help=_(
            "For the codebook and the SPSS/Stata labels. Every chosen session's survey must "
            "have texts in that language; codes and data are the same in every language."
        ),
        key="export_lang",
    )
    spss = st.checkbox(_("Also write responses.sav for SPSS"))
    stata = st.checkbox(_("Also write responses.dta for Stata"))
    include_questions = st.checkbox(
        _("Include questions from the anonymous question box"),
        help=_(
            "Only if your ethics approval covers them. Written to questions.csv in random "
            "order, linked to nobody, scrubbed like free text; names are not removed."
        ),
    )
    submitted = st.form_submit_button(_("Prepare export"), type="primary")

if submitted:
    if not chosen:
        st.error(_("Choose at least one session to export."))
    elif spss and stata:
        st.error(
            _("Choose SPSS or Stata for one export, not both; make a second export for the other.")
        )
    else:
        options = ExportOptions(
            include_text=include_text,
            include_questions=include_questions,
            k=int(k),
            format="sav" if spss else "dta" if stata else "csv",
            language=label_language or None,
        )
        try:
            with st.spinner(_("Preparing the export…")):
                archive, export = build_zip(engine(), chosen, options)
        except WorkshopError as exc:
            st.error(str(exc))
        else:
            st.session_state["export_zip"] = archive
            st.session_state["export_facts"] = (
                export.participants,
                export.k,
                ", ".join(by_id[i].code for i in chosen),
            )
            st.session_state["export_report"] = export.files["ANONYMIZATION.md"].decode()
            st.session_state["export_sessions"] = list(chosen)

if "export_zip" in st.session_state:
    participants, used_k, codes = st.session_state["export_facts"]
    ready_line = ngettext(
        "Ready: {participants} participant(s) from session(s) {codes}, k = {k}.",
        "Ready: {participants} participant(s) from session(s) {codes}, k = {k}.",
        participants,
    )
    st.success(ready_line.format(participants=participants, codes=codes, k=used_k))
    ready: bytes = st.session_state["export_zip"]
    st.download_button(
        _("Download export (zip)"),
        # Deferred: the zip becomes a download only when clicked, referenced by no
        # session, and the sweeper deletes it within a minute; it never outlives the
        # tab that asked for it (ui/shared/streamlit_patches.py, sweep_downloads).
        data=lambda: ready,
        file_name=f"workshop-export-{datetime.now(UTC):%Y-%m-%d}.zip",
        mime="application/zip",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    with st.expander(_("What was removed or changed")):
        # Our own generated report (no participant text); drop its title and
        # shrink its headings to fit inside the expander.
        body = st.session_state["export_report"].split("\n", 1)[1]
        st.markdown(body.replace("\n## ", "\n##### "))

if "export_sessions" in st.session_state:
    ids = st.session_state["export_sessions"]
    st.subheader(_("Report"))
    report_download(ids, key="export_report_html")
    if len(ids) > 1:
        pooled_view(ids)
