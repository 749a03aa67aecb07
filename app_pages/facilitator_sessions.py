"""Facilitator: create sessions from shipped or authored surveys; open, close and reopen them."""

from __future__ import annotations

import streamlit as st

from ui.participant.chrome import plain
from ui.shared import language
from ui.shared.content import forget_content
from ui.shared.runtime import app_settings, engine
from ui.staff.auth import require_staff
from ui.staff.common import STATE_LABELS, k_input, library, select
from ui.staff.room_control import room_control
from workshop import authored, authored_resources, example_resources, retention, sessions
from workshop.config import DEFAULT_RETENTION_DAYS
from workshop.errors import WorkshopError
from workshop.i18n import N_, _, ngettext, number
from workshop.sessions import (
    DEFAULT_K,
    MAX_RETENTION_DAYS,
    MIN_K,
    MIN_RETENTION_DAYS,
    Pacing,
    SessionSettings,
    SessionState,
    followup_origin,
)

require_staff()

CREATED = "fac_created"  # the confirmation, shown once at the top after Create
CREATE_OPEN = "fac_create_open"  # the expander's open state
RESET = "fac_create_reset"  # set by a Create: the next run puts the form back to its defaults
EXAMPLES_OK_LABEL = N_("Create it with the example resources anyway (a rehearsal)")
# "Not a follow-up" and "the default list" in their pickers: no session id or resource
# version is 0, and a None in session state would show as no choice ("Choose an option").
NOT_CHOSEN = 0

# After a Create the page may be scrolled far down (where the button was): bring the
# confirmation with its join code into view, and move focus there for a screen reader.
# The box is drawn a moment after this element, hence the few frames of waiting.
_SHOW_CREATED = """<script>
(function again(tries) {
  var box = document.querySelector(".st-key-fac_created_box");
  if (!box) {
    if (tries > 0) { window.setTimeout(function () { again(tries - 1); }, 50); }
    return;
  }
  box.setAttribute("tabindex", "-1");
  box.scrollIntoView({block: "nearest"});
  box.focus({preventScroll: true});
})(40);
</script>"""


def new_session_defaults(first_survey: str) -> dict[str, object]:
    """The create form's fields as a new session starts (keys of its widgets)."""
    days = app_settings().retention_days
    return {
        "fac_new_survey": first_survey,
        "fac_new_title": "",
        "fac_new_pacing": Pacing.self_paced,
        "fac_new_k": DEFAULT_K,
        "fac_new_mask_all": True,
        "fac_new_results": False,
        "fac_new_keep_raw": days is None,
        "fac_new_retention": days if days is not None else DEFAULT_RETENTION_DAYS,
        "fac_new_follow_up_of": NOT_CHOSEN,
        "fac_new_resources": NOT_CHOSEN,
        "fac_new_open": True,
        "fac_new_examples_ok": False,
        "fac_new_languages": list(app_settings().languages),
        "fac_new_presentation": app_settings().languages[0],
    }


st.title(_("Sessions"))
# At the top, so that at 1366x768 it is in view with the list right under it.
confirmation = st.session_state.pop(CREATED, None)
if confirmation:
    with st.container(key="fac_created_box"):
        st.success(confirmation, icon=":material/check_circle:")
    st.html(_SHOW_CREATED, unsafe_allow_javascript=True)  # our static script only
if confirmation or CREATE_OPEN not in st.session_state:
    # Closed after a Create (the list moves up); open on a first start.
    st.session_state[CREATE_OPEN] = not sessions.list_sessions(engine())

# Shipped and authored surveys, by id: a session made now uses the newest version.
surveys = {row.survey_id: row for row in authored.list_surveys(engine(), library())}
resources = authored_resources.for_new_sessions(engine(), library())
with st.expander(_("Create a session"), key=CREATE_OPEN, on_change="rerun"):
    if not surveys:
        st.error(
            _(
                "No surveys were found in the content folder. "
                "Check it with `python -m workshop validate`."
            )
        )
    else:
        # Reset after each Create: the next session starts from the defaults, not from
        # the last title and options (two "Tuesday workshop"s were easy to make). A
        # refused Create keeps what was typed (clear_on_submit would wipe it too).
        # Defaults go through session state, so the widgets take no `value`.
        reset = st.session_state.pop(RESET, False)
        for key, default in new_session_defaults(next(iter(surveys))).items():
            if reset or key not in st.session_state:
                st.session_state[key] = default
        with st.form("fac_create", border=False):
            survey_id = st.selectbox(
                _("Survey"),
                list(surveys),
                format_func=lambda i: (
                    "{title} ({id} v{version})"
                    if surveys[i].shipped
                    else _("{title} ({id} v{version}, authored)")
                ).format(title=surveys[i].title, id=i, version=surveys[i].version),
                key="fac_new_survey",
            )
            title = st.text_input(
                _("Title shown to participants (optional)"), max_chars=200, key="fac_new_title"
            )
            pacing = st.radio(
                _("Pacing"),
                [Pacing.self_paced, Pacing.facilitator],
                format_func=lambda p: (
                    _("Self-paced: everyone moves at their own speed")
                    if p is Pacing.self_paced
                    else _("Facilitator-paced: the room follows my Next and Previous")
                ),
                key="fac_new_pacing",
            )
            k = k_input(
                _("Smallest group shown (k)"),
                help=_(
                    "No result appears until at least k people answered; groups smaller "
                    "than k are hidden on sensitive and demographic questions (and on every "
                    "question with the option below). Never below {min_k}."
                ).format(min_k=MIN_K),
                key="fac_new_k",
            )
            mask_all = st.checkbox(
                _("Mask small groups on every question"),
                help=_(
                    "Recommended: in a room where people can see each other, even a count "
                    "of 1 on an ordinary question can point at someone. Sensitive and "
                    "demographic questions are always masked."
                ),
                key="fac_new_mask_all",
            )
            show_results = st.checkbox(
                _("Participants may see the group results at the end"), key="fac_new_results"
            )
            keep_raw = st.checkbox(
                _("Keep raw answers until I delete them"),
                help=_(
                    "Unticked: raw answers, free text and participant rows are deleted the "
                    "number of days below after the session closes; the published results stay."
                ),
                key="fac_new_keep_raw",
            )
            retention_days = st.number_input(
                _("Delete raw answers this many days after closing"),
                min_value=MIN_RETENTION_DAYS,
                max_value=MAX_RETENTION_DAYS,
                step=1,
                key="fac_new_retention",
            )
            origins = {
                s.id: f"{s.title} ({s.code})"
                for s in sessions.list_sessions(engine())
                if followup_origin(s)
            }
            follow_up_of = st.selectbox(
                _("Follow-up of (optional)"),
                [NOT_CHOSEN, *origins],
                format_func=lambda i: origins.get(i) or _("Not a follow-up"),
                help=_(
                    "Pick the finished workshop this session follows up: participants who took "
                    "a follow-up code there can link their answers. Use the follow-up survey."
                ),
                key="fac_new_follow_up_of",
            )
            one_session = authored_resources.for_one_session(engine())
            resource_choice = st.selectbox(
                _("Support resources"),
                [NOT_CHOSEN, *one_session],
                format_func=lambda v: (
                    _("The default list (Support resources page)")
                    if v == NOT_CHOSEN
                    else _("Saved for one session, version {version}: {services}").format(
                        version=v,
                        services=", ".join(item.name for item in one_session[v].items)[:80],
                    )
                ),
                key="fac_new_resources",
            )
            offered = app_settings().languages
            languages: list[str] = []  # none chosen: every language the app offers
            presentation = ""  # the app's source language
            if len(offered) > 1:
                languages = language.among(
                    st.multiselect,
                    offered,
                    _("Languages participants may use"),
                    _(
                        "The first is where a phone starts when its browser asks for none of "
                        "them; each participant can switch among these. A survey without texts "
                        "in a language shows its questions in English around that language's "
                        "buttons (`workshop validate` lists each survey's languages)."
                    ),
                    key="fac_new_languages",
                )
                presentation = language.among(
                    st.selectbox,
                    offered,
                    _("Audience screen language"),
                    _(
                        "The projector's words, the questions and the charts' labels. The "
                        "charts count every language's answers together."
                    ),
                    key="fac_new_presentation",
                )
            open_now = st.checkbox(_("Open it now so people can join"), key="fac_new_open")
            examples_ok = False
            if example_resources.are_examples(resources):
                st.warning(_(example_resources.WARNING), icon=":material/warning:")
                examples_ok = st.checkbox(_(EXAMPLES_OK_LABEL), key="fac_new_examples_ok")
            created = st.form_submit_button(_("Create session"), type="primary")
        if created:
            forget_content()  # a session freezes content/ as it is now, not a cached copy
            try:
                resources = (
                    authored_resources.for_new_sessions(engine(), library())
                    if resource_choice == NOT_CHOSEN
                    else one_session[resource_choice]
                )
                example_resources.require_confirmation(
                    resources,
                    confirmed=examples_ok,
                    how=_("tick “{label}”").format(label=_(EXAMPLES_OK_LABEL)),
                )
                session = sessions.create_session(
                    engine(),
                    authored.snapshot(engine(), library(), survey_id, resources),
                    title=title or None,
                    settings=SessionSettings(
                        pacing=pacing,
                        k=int(k),
                        show_results_to_participants=show_results,
                        mask_all=mask_all,
                        languages=tuple(languages),
                        presentation_language=presentation or "",
                    ),
                    open_now=open_now,
                    retention_days=None if keep_raw else int(retention_days),
                    follow_up_of=follow_up_of or None,
                )
            except (WorkshopError, ValueError) as exc:
                st.error(_("The session was not created: {error}").format(error=exc))
            else:
                select(session.id)
                # The title is typed text: escaped, never Markdown (an image link would load).
                st.session_state[CREATED] = _("Created “{title}” with join code {code}.").format(
                    title=plain(session.title), code=session.code
                )
                st.session_state[RESET] = True
                st.rerun()

all_sessions = sessions.list_sessions(engine())
if not all_sessions:
    st.info(_("No sessions yet. Create one above."))
for session in all_sessions:
    with st.container(border=True, key=f"fac_row_{session.id}"):
        info, actions = st.columns([3, 2], vertical_alignment="center")
        with info:
            st.markdown(f"**{plain(session.title)}**")
            survey = surveys.get(session.survey_id)
            joined = sessions.participant_count(engine(), session.id)
            # A list of facts, one phrase each; the survey's title is content.
            facts = (
                plain(survey.title if survey else session.survey_id),
                _("Code {code}").format(code=session.code),
                _(STATE_LABELS[session.state]),
                _("facilitator-paced")
                if session.settings.pacing is Pacing.facilitator
                else _("self-paced"),
                _("participants see the results")
                if session.settings.show_results_to_participants
                else _("results for staff only"),
                f"k = {session.settings.k}",
                ngettext("{n} joined", "{n} joined", joined).format(n=number(joined)),
                retention.status(session),
            )
            st.caption(" · ".join(facts))
            room_control(session, live=False)
        with actions:
            buttons = st.columns(3)
            if session.state is SessionState.open:
                if buttons[0].button(_("Close"), key=f"fac_close_{session.id}"):
                    sessions.close_session(engine(), session.id)
                    st.rerun()
            else:
                verb = _("Reopen") if session.state is SessionState.closed else _("Open")
                if buttons[0].button(
                    verb, key=f"fac_open_{session.id}", type="primary", disabled=session.purged
                ):
                    sessions.open_session(engine(), session.id)
                    st.rerun()
            if buttons[1].button(_("Share"), key=f"fac_share_{session.id}"):
                select(session.id)
                st.switch_page("app_pages/facilitator_share.py")
            if buttons[2].button(_("Present"), key=f"fac_present_{session.id}"):
                select(session.id)
                st.switch_page("app_pages/facilitator_present.py")
