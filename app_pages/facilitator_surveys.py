"""Staff: the surveys, shipped and authored; copy, build, check, preview, import and export.

Layout only: the draft's edits and checks are workshop/survey_builder.py,
storage and versions workshop/authored.py, YAML workshop/survey_yaml.py.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from ui.shared.runtime import engine
from ui.staff.auth import require_staff
from ui.staff.authoring import parsed_texts, preview, question_form, texts_editor
from ui.staff.common import library
from workshop import authored, authored_texts, survey_builder
from workshop.authored import EditConflict, InvalidSurvey
from workshop.content import ModuleStep, Question, QuestionKind, Survey
from workshop.i18n import _, number
from workshop.kind_shapes import SHAPES
from workshop.loading import ContentError
from workshop.survey_yaml import MAX_UPLOAD_BYTES, dump_survey, read_survey

require_staff()

DRAFT = "auth_draft"  # the survey being edited, as the file would hold it
EDITED_FROM = "auth_edited_from"  # the stored version it started from (None: new)
BASED_ON = "auth_based_on"
REVISION = "auth_rev"  # bumped on each structural edit, so step forms start afresh
NOTICE = "auth_notice"
TEXTS = "auth_texts"  # the draft's texts in its other languages: {language: YAML}
BEGAN = "auth_began"  # (survey, texts) the draft started from, to name changed English

content = library()
rows = authored.list_surveys(engine(), content)

st.title(_("Surveys"))
st.caption(
    _(
        "Shipped surveys come from the content folder; surveys made here are kept in the "
        "database. Each save is a new version, and a version a session used never changes."
    )
)
st.dataframe(
    [
        {
            _("Survey"): row.survey_id,
            _("Title"): row.title,
            _("Newest version"): row.version,
            _("Kind"): _("shipped") if row.shipped else _("made here"),
            _("Sessions per version"): ", ".join(
                f"v{v}: {n}" for v, n in row.sessions_by_version.items()
            )
            or _("none"),
        }
        for row in rows
    ],
    hide_index=True,
    key="auth_list",
)
notice = st.session_state.pop(NOTICE, None)
if notice:
    st.success(notice)


def _texts_of(survey: Survey) -> dict[str, str]:
    """A survey's texts in its other languages, as the YAML the editor shows."""
    if survey.id in content.surveys:
        found = authored_texts.shipped_texts(content, survey)
    else:
        found = authored.translations(engine(), survey.id, survey.version)
    return {code: authored_texts.dump_texts(t, survey.id, code) for code, t in found.items()}


def _start(
    draft: dict[str, Any],
    edited_from: int | None,
    based_on: str | None,
    texts: dict[str, str] | None = None,
    began: Survey | None = None,
) -> None:
    st.session_state[TEXTS] = texts or {}
    st.session_state[BEGAN] = None if began is None else (began, dict(texts or {}))
    st.session_state[DRAFT] = draft
    st.session_state[EDITED_FROM] = edited_from
    st.session_state[BASED_ON] = based_on
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1


def _set_draft(draft: dict[str, Any]) -> None:
    st.session_state[DRAFT] = draft
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1


by_id = {row.survey_id: row for row in rows}
start, files = st.columns(2)
with start.container(border=True):
    st.subheader(_("Start editing"), anchor=False)
    with st.form("auth_copy_form"):
        source = st.selectbox(
            _("Survey"),
            list(by_id),
            format_func=lambda i: f"{by_id[i].title} ({i})",
            key="auth_src",
        )
        new_id = st.text_input(
            _("Id of the copy"),
            placeholder=_("e.g. our-workshop"),
            max_chars=60,
            key="auth_new_id",
        )
        copy_clicked = st.form_submit_button(_("Make a copy to edit"))
    if copy_clicked and source:
        survey = authored.find(engine(), content, source)
        _start(
            survey_builder.draft_of(survey, new_id=new_id.strip() or f"{source}-copy"),
            None,
            f"{source} v{survey.version}",
            _texts_of(survey),
            survey,
        )
    mine = [row.survey_id for row in rows if not row.shipped]
    if mine:
        with st.form("auth_open_form"):
            chosen = st.selectbox(_("A survey made here"), mine, key="auth_open_id")
            if st.form_submit_button(_("Edit its newest version")) and chosen:
                survey = authored.get(engine(), chosen)
                _start(
                    survey_builder.draft_of(survey),
                    survey.version,
                    None,
                    _texts_of(survey),
                    survey,
                )
    with st.form("auth_blank_form"):
        blank_id = st.text_input(_("Id of a new survey"), max_chars=60, key="auth_blank_id")
        blank_title = st.text_input(_("Its title"), max_chars=120, key="auth_blank_title")
        if st.form_submit_button(_("Start an empty survey")):
            _start(survey_builder.blank(blank_id.strip(), blank_title.strip()), None, None)

with files.container(border=True):
    st.subheader(_("Files"), anchor=False)
    out_id = st.selectbox(_("Download a survey as YAML"), list(by_id), key="auth_export_id")
    if out_id:
        st.download_button(
            _("Download YAML"),
            dump_survey(authored.find(engine(), content, out_id)),
            file_name=f"{out_id}.yaml",
            mime="application/yaml",
            key="auth_export",
        )
    uploads = st.file_uploader(
        _(
            "Upload a survey (YAML, 1 MB at most), and its translations named ID.LANG.yaml "
            "(e.g. our-poll.es.yaml)"
        ),
        type=["yaml", "yml"],
        accept_multiple_files=True,
        key="auth_upload",
    )
    named = {u.name: authored_texts.upload_language(u.name) for u in uploads or []}
    english = [u for u in uploads or [] if len(named) == 1 or named[u.name] is None]
    if uploads and len(english) != 1:
        st.error(_("Upload one survey file, with its translations named ID.LANG.yaml."))
    elif english and st.button(_("Import it as a new version"), key="auth_import"):
        upload = english[0]
        data = upload.getvalue()
        try:
            survey = read_survey(data[: MAX_UPLOAD_BYTES + 1], upload.name, content.modules)
            texts = {
                language: authored_texts.read_texts(
                    other.getvalue()[: MAX_UPLOAD_BYTES + 1], other.name
                )
                for other in uploads or []
                if other is not upload and (language := named[other.name]) is not None
            }
            stored = authored.import_survey(engine(), survey, content, texts)
        except ContentError as exc:
            st.error(_("Nothing was stored: fix these lines and upload the file again."))
            for problem in exc.problems:
                st.text(str(problem))
        except InvalidSurvey as exc:
            st.error(_("Nothing was stored."))
            for message in exc.problems:
                st.text(f"{upload.name}: {message}")
        else:
            st.session_state[NOTICE] = _("Imported {survey} as version {version}.").format(
                survey=stored.id, version=stored.version
            )
            st.rerun()

draft: dict[str, Any] | None = st.session_state.get(DRAFT)
if draft is None:
    st.stop()

rev = st.session_state.get(REVISION, 0)
edited_from = st.session_state.get(EDITED_FROM)
st.divider()
st.header(
    _("Editing {survey}").format(survey=draft["id"])
    if draft.get("id")
    else _("Editing a new survey"),
    anchor=False,
)
st.caption(
    _("From version {version}; saving makes version {next}.").format(
        version=edited_from, next=edited_from + 1
    )
    if edited_from
    else _("Not saved yet; saving makes version 1.")
)

with st.form(f"auth_survey_{rev}"):
    title = st.text_input(_("Title"), value=draft.get("title", ""), key=f"auth_title_{rev}")
    description = st.text_area(
        _("Description"), value=draft.get("description", ""), key=f"auth_desc_{rev}"
    )
    minutes = st.number_input(
        _("Stated minutes"), 0, 240, int(draft.get("minutes") or 0), key=f"auth_min_{rev}"
    )
    note = st.text_area(
        _("Content note"), value=draft.get("content_note") or "", key=f"auth_note_{rev}"
    )
    languages = st.text_input(
        _("Languages (codes, its own first, e.g. en, es)"),
        value=", ".join(draft.get("languages") or []),
        help=_(
            "Participants may read it in each; every language but its own needs its texts "
            "(below, once applied)."
        ),
        key=f"auth_langs_{rev}",
    )
    if st.form_submit_button(_("Apply")):
        changed = {"title": title, "description": description, "minutes": minutes or None}
        changed["content_note"] = note or None
        changed["languages"] = [c.strip() for c in languages.split(",") if c.strip()] or None
        _set_draft({k: v for k, v in {**draft, **changed}.items() if v not in (None, "")})
        st.rerun()

steps: list[dict[str, Any]] = draft.get("steps", [])


def _label(index: int) -> str:
    step = steps[index]
    if "module" in step:
        module = content.modules.get(step["module"])
        title = module.title if module else step["module"]
        return _("{number}. Reading: {module}").format(number=index + 1, module=title)
    kind_label = _(SHAPES[QuestionKind(step["kind"])].label)  # once kind_shapes marks it with N_
    return f"{index + 1}. {kind_label}: {step.get('id', '?')}"


def _module_label(module_id: str) -> str:
    module = content.modules[module_id]
    return _("{module} ({minutes} min)").format(module=module.title, minutes=module.minutes)


built, problems = survey_builder.check(draft, content.modules, content.surveys)
if steps:
    picked = st.selectbox(_("Step"), range(len(steps)), format_func=_label, key=f"auth_pick_{rev}")
    index = int(picked or 0)
    step = steps[index]
    for issue in (p for p in problems if p.step == index):
        st.error(issue.message)
    edit, phone = st.columns([3, 2])
    with edit:
        up, down, drop = st.columns(3)
        if up.button(_("Move up"), key="auth_up", disabled=index == 0):
            _set_draft(survey_builder.move(draft, index, -1))
            st.rerun()
        if down.button(_("Move down"), key="auth_down", disabled=index == len(steps) - 1):
            _set_draft(survey_builder.move(draft, index, 1))
            st.rerun()
        if drop.button(_("Remove step"), key="auth_remove"):
            _set_draft(survey_builder.remove(draft, index))
            if built is not None and "id" in step:  # its texts in other languages go with it
                st.session_state[TEXTS] = authored_texts.without_item(
                    built, st.session_state.get(TEXTS, {}), step["id"]
                )
            st.rerun()
        with st.form(f"auth_step_{rev}_{index}"):
            if "module" in step:
                module_ids = sorted(content.modules)
                module_id = st.selectbox(
                    _("Module"),
                    module_ids,
                    index=module_ids.index(step["module"]) if step["module"] in module_ids else 0,
                    format_func=_module_label,
                    key=f"auth_mod_{rev}_{index}",
                )
                notes = st.text_area(_("Notes"), value=step.get("notes", ""), key=f"auth_mn_{rev}")
                new_step = {"module": module_id, **({"notes": notes} if notes else {})}
            else:
                kind = QuestionKind(step["kind"])
                values = question_form(kind, step, f"auth_q_{rev}_{index}")
                options, option_problems = survey_builder.parse_options(values.get("options", ""))
                new_step = survey_builder.question_step(kind, values, options)
            if st.form_submit_button(_("Apply changes")):
                _set_draft(survey_builder.replace(draft, index, new_step))
                st.rerun()
    with phone:
        st.caption(_("As a 390-pixel phone shows it"))
        try:
            shown = ModuleStep(**step) if "module" in step else Question.model_validate(step)
        except ValidationError:
            st.info(_("Fix the problems above to see the preview."))
        else:
            preview(shown, content.modules)

st.subheader(_("Add a step"), anchor=False)
kinds = list(SHAPES)
new_kind = st.selectbox(
    _("Kind of question"), kinds, format_func=lambda k: _(SHAPES[k].label), key="auth_add_kind"
)
kind = QuestionKind(new_kind or kinds[0])
with st.form(f"auth_add_{rev}_{kind.value}"):
    values = question_form(kind, {}, f"auth_add_{rev}_{kind.value}")
    if st.form_submit_button(_("Add question")):
        options, _problems = survey_builder.parse_options(values.get("options", ""))
        _set_draft(
            survey_builder.insert(draft, survey_builder.question_step(kind, values, options))
        )
        st.rerun()
with st.form(f"auth_add_module_{rev}"):
    module_id = st.selectbox(
        _("Module"),
        sorted(content.modules),
        format_func=_module_label,
        key=f"auth_add_module_id_{rev}",
    )
    if st.form_submit_button(_("Add module")) and module_id:
        _set_draft(survey_builder.insert(draft, {"module": module_id}))
        st.rerun()

if built is not None:
    texts_editor(
        built, st.session_state.setdefault(TEXTS, {}), content, rev, st.session_state.get(BEGAN)
    )

st.subheader(_("Check and save"), anchor=False)
if built is not None:
    estimate = survey_builder.estimated_minutes(built, content.modules)
    st.markdown(
        _("About **{minutes} minutes** for a slow reader (100 words a minute).").format(
            minutes=number(estimate)
        )
    )
for issue in problems:
    st.error(
        _("Step {number}: {problem}").format(number=issue.step + 1, problem=issue.message)
        if issue.step is not None
        else issue.message
    )
save_col, download_col, discard_col = st.columns(3)
if save_col.button(
    _("Save as a new version"), type="primary", disabled=built is None, key="auth_save"
):
    assert built is not None
    try:
        stored = authored.save(
            engine(),
            built,
            content,
            edited_from=edited_from,
            based_on=st.session_state.get(BASED_ON),
            translations=parsed_texts(built, st.session_state.get(TEXTS, {})),
        )
    except ContentError as exc:
        st.error(_("Nothing was saved: the texts in another language are not valid YAML."))
        st.text("\n".join(str(problem) for problem in exc.problems))
    except EditConflict as exc:
        st.error(str(exc))
    except InvalidSurvey as exc:
        for message in exc.problems:
            st.error(message)
    else:
        _start(survey_builder.draft_of(stored), stored.version, None, _texts_of(stored), stored)
        st.session_state[NOTICE] = _("Saved {survey} version {version}.").format(
            survey=stored.id, version=stored.version
        )
        st.rerun()
if built is not None:
    download_col.download_button(
        _("Download this draft (YAML)"),
        dump_survey(built),
        file_name=f"{built.id}.yaml",
        key="auth_draft_download",
    )
if discard_col.button(_("Close without saving"), key="auth_discard"):
    for key in (DRAFT, EDITED_FROM, BASED_ON, TEXTS, BEGAN):
        st.session_state.pop(key, None)
    st.rerun()
