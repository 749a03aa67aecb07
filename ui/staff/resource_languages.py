"""The Support resources page's editor of the list in other languages.

Storage and checks are workshop/resource_texts.py: the words belong to one
English list, so they are edited for the list as saved (the default for new
sessions), as YAML in the form of content/<lang>/resources.yaml.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import engine
from ui.staff.authoring import language_section
from workshop import i18n, resource_texts
from workshop.authored_texts import language_name
from workshop.content import Resources
from workshop.i18n import _
from workshop.loading import ContentError, ContentLibrary, parse_resources
from workshop.survey_yaml import StrictLoader, _dump
from workshop.translation import resources_hash
from workshop.translation_files import LanguageTexts


def _yaml(resources: Resources) -> str:
    data = resources.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return _dump({"heading": resources.heading, **data})


def texts_editor(english: Resources, library: ContentLibrary, notice_key: str) -> None:
    """Pick a language, see whether this list has words in it, edit and save them."""
    languages = [code for code in i18n.catalog_languages() if code != i18n.SOURCE]
    if not languages:
        return
    language = language_section(
        _("In other languages"),
        _(
            "Participants who read another language see the list in it when it has words for "
            "exactly this list, and in English otherwise. Keep every service in its place, "
            "with its link and its numbers; translate the words. The words belong to the list "
            "as saved: save the English first, and translate again after changing it."
        ),
        languages,
        "res_lang",
    )
    name = language_name(language)
    saved = resource_texts.find(engine(), english, language)
    shipped = library.translations.get(language, LanguageTexts()).resources
    from_content = shipped if english == library.resources else None
    if saved is not None:
        st.success(_("Participants reading {language} see these words.").format(language=name))
    elif from_content is not None:
        st.info(
            _(
                "Participants reading {language} see the content folder's words for this list "
                "(below). Saving here replaces them for sessions created after."
            ).format(language=name)
        )
    else:
        st.warning(
            _(
                "This list has no {language} words yet: participants reading {language} see "
                "it in English. Below is the English, to translate."
            ).format(language=name)
        )
    start = saved or from_content or english
    with st.form(f"res_texts_{language}"):
        typed = st.text_area(
            _("{language} words (YAML)").format(language=name),
            value=_yaml(start),
            height=360,
            key=f"res_tr_{language}_{resources_hash(english)}",  # afresh for a changed list
        )
        submitted = st.form_submit_button(_("Save the {language} words").format(language=name))
    if not submitted:
        return
    try:
        texts = parse_resources(typed, f"{language}/resources.yaml", loader=StrictLoader)
        resource_texts.save(engine(), english, language, texts)
    except ContentError as exc:
        st.error(_("Nothing was saved: fix these lines."))
        st.text("\n".join(str(problem) for problem in exc.problems))
    except ValueError as exc:
        st.error(_("Nothing was saved: a translation keeps the same services."))
        st.text(str(exc))
    else:
        st.session_state[notice_key] = _(
            "Saved the {language} words. Sessions created from now on show them to "
            "participants reading {language}."
        ).format(language=name)
        st.rerun()
