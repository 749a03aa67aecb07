"""The shipped curriculum: surveys, modules and resources meet the project's rules.

These checks are about the content educators run, not about the loader: every
survey validates and can be declined item by item, pre/post pairs line up,
privacy flags sit exactly where they belong, and every module is sourced,
honestly timed and written in plain language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workshop import participant_view, participants, sessions
from workshop.answers import save_answer
from workshop.content import Measure, ModuleStep, Question, QuestionKind, Survey
from workshop.loading import ContentLibrary, load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

SHIPPED_SURVEYS = {"aftercare-workshop", "after-conflict", "quick-poll", "first-look"}

# The topics the issue asks the curriculum to cover, one module each.
TOPIC_MODULES = {
    "what-is-aftercare",
    "after-sex-feelings",
    "safety-and-trust",
    "physical-and-emotional",
    "five-practices",
    "kink-aftercare",
    "after-conflict",
    "making-it-a-habit",
}

# Everything in the folder, so content an educator adds is checked too.
ALL_MODULES = sorted(load_content(CONTENT).modules)
ALL_SURVEYS = sorted(load_content(CONTENT).surveys)

# Topics that call for a content note before someone starts reading.
NEEDS_NOTE = re.compile(r"\bsex|\bkink|\bbdsm|argument|low mood|conflict", re.IGNORECASE)

# Privacy flags, survey by survey. Exact sets: a missing flag exposes people,
# an extra one hides charts or generalizes exports for no reason.
SENSITIVE = {
    "aftercare-workshop": {"low_mood_ever", "low_mood_4wk", "kink_experience"},
    "first-look": {"low_mood_ever"},
    "after-conflict": set(),
    "quick-poll": set(),
}
QUASI_IDENTIFIERS = {
    "aftercare-workshop": {"age_band", "gender", "relationship_status", "kink_experience"},
    "first-look": {"age_band"},
    "after-conflict": set(),
    "quick-poll": set(),
}

# Labels or codes that would duplicate the app's own "Prefer not to answer".
DECLINE_WORDS = re.compile(
    r"prefer not|rather not|decline|no answer|not to answer|not to say|don.t want to say|skip",
    re.IGNORECASE,
)
DECLINE_CODES = re.compile(r"^(pnta|pnts|prefer|decline|refuse|skip|no_answer)", re.IGNORECASE)

# Reading speed used for the stated reading time of a module.
WORDS_PER_MINUTE = 200

# Flesch-Kincaid grade range for every module. The issue asks for a reading age
# of about 14 to 16 (US grade 9 to 11): grade 10 is our ceiling. The floor of 5
# catches text chopped into fragments, which reads as talking down to adults.
# Syllables come from textstat's hyphenation-dictionary counter (see _readability).
GRADE_RANGE = (5.0, 10.0)

# Claims the evidence notes say must not be stated as fact.
UNSUPPORTED_CLAIMS = re.compile(
    r"endorphin|love hormone|cuddle hormone|proven to|guarantee|scientifically shown",
    re.IGNORECASE,
)


def survey(library: ContentLibrary, survey_id: str) -> Survey:
    assert survey_id in library.surveys, f"survey {survey_id} is missing"
    return library.surveys[survey_id]


# --- surveys ---------------------------------------------------------------


def test_every_survey_file_loads_without_problems() -> None:
    library = load_content(CONTENT)
    assert library.problems == []
    assert set(library.surveys) >= SHIPPED_SURVEYS
    files = sorted(CONTENT.glob("surveys/*.y*ml"))
    assert sorted(library.survey_files.values()) == files  # nothing silently dropped


def test_every_referenced_module_exists(library) -> None:
    for survey_id, item in library.surveys.items():
        missing = set(item.module_ids) - set(library.modules)
        assert not missing, f"{survey_id} refers to missing modules {missing}"
        assert len(item.module_ids) == len(set(item.module_ids)), f"{survey_id} repeats a module"


def test_full_workshop_covers_every_topic_and_every_question_kind(library) -> None:
    full = survey(library, "aftercare-workshop")
    assert set(full.module_ids) >= TOPIC_MODULES
    # `words` is new (issue 15); the shipped surveys get their words item when
    # the content rewrite lands. Drop this exception then.
    assert {q.kind for q in full.questions} | {QuestionKind.words} == set(QuestionKind)
    assert 30 <= (full.minutes or 0) <= 40
    # modules are interleaved with questions, never two readings back to back
    for before, after in zip(full.steps, full.steps[1:], strict=False):
        assert not (isinstance(before, ModuleStep) and isinstance(after, ModuleStep))


def _estimated_minutes(item: Survey, library: ContentLibrary) -> float:
    """A minute to join and consent, the modules' reading time, ~25 s a closed question, 1 min a text one."""
    reading = sum(library.modules[m].minutes for m in item.module_ids)
    closed = sum(1 for q in item.questions if q.kind is not QuestionKind.text)
    texts = sum(1 for q in item.questions if q.kind is QuestionKind.text)
    return 1.0 + reading + closed * 0.4 + texts * 1.0


@pytest.mark.parametrize("survey_id", ALL_SURVEYS)
def test_stated_duration_matches_the_content(library, survey_id) -> None:
    item = survey(library, survey_id)
    assert item.minutes is not None
    estimate = _estimated_minutes(item, library)
    assert 0.7 * item.minutes <= estimate <= 1.3 * item.minutes, (
        f"{survey_id} says {item.minutes} min but its content takes about {estimate:.0f}"
    )


def test_short_formats_stay_short(library) -> None:
    assert survey(library, "quick-poll").minutes <= 5
    assert survey(library, "quick-poll").module_ids == ()
    assert 8 <= survey(library, "after-conflict").minutes <= 12
    assert "after-conflict" in survey(library, "after-conflict").module_ids


@pytest.mark.parametrize("survey_id", ALL_SURVEYS)
def test_no_survey_adds_its_own_prefer_not_to_answer(library, survey_id) -> None:
    """The app offers "Prefer not to answer" on every question; a second one would split the data."""
    for question in survey(library, survey_id).questions:
        for option in question.options:
            assert not DECLINE_WORDS.search(option.label), (survey_id, question.id, option)
            assert not DECLINE_CODES.search(option.code), (survey_id, question.id, option)


def test_every_question_of_every_survey_can_be_declined(engine, library) -> None:
    for survey_id in ALL_SURVEYS:
        snapshot = library.snapshot(survey_id)
        session = sessions.create_session(engine, snapshot, open_now=True)
        _, participant = participants.join(engine, session.code)
        participants.record_consent(engine, participant.id)
        for question in snapshot.survey.questions:
            save_answer(engine, participant.id, question.id, declined=True)
        answers = participant_view.answers_for(engine, participant.id)
        assert set(answers) == {q.id for q in snapshot.survey.questions}, survey_id
        assert all(answer.declined for answer in answers.values()), survey_id


def _pairs(item: Survey) -> dict[str, dict[Measure, Question]]:
    pairs: dict[str, dict[Measure, Question]] = {}
    for question in item.questions:
        if question.measure is not None and question.construct_id is not None:
            pairs.setdefault(question.construct_id, {})[question.measure] = question
    return pairs


@pytest.mark.parametrize("survey_id", ALL_SURVEYS)
def test_every_pre_item_has_an_identical_post_twin_around_the_modules(library, survey_id) -> None:
    item = survey(library, survey_id)
    module_positions = [i for i, s in enumerate(item.steps) if isinstance(s, ModuleStep)]
    for construct, slot in _pairs(item).items():
        assert set(slot) == {Measure.pre, Measure.post}, f"{survey_id}: {construct} is unpaired"
        pre, post = slot[Measure.pre], slot[Measure.post]
        assert pre.scale_signature() == post.scale_signature(), construct
        # same wording and labels too, so any change is the participant's, not ours
        assert pre.text == post.text, construct
        assert pre.options == post.options, construct
        assert (pre.min_label, pre.max_label, pre.step) == (
            post.min_label,
            post.max_label,
            post.step,
        ), construct
        assert not (pre.sensitive or pre.quasi_identifier), construct
        if module_positions:
            assert item.step_of(pre.id) < module_positions[0], f"{pre.id} must come before reading"
            assert item.step_of(post.id) > module_positions[-1], f"{post.id} must come after"


def test_full_workshop_measures_attitude_knowledge_and_intention(library) -> None:
    constructs = set(_pairs(survey(library, "aftercare-workshop")))
    assert "importance" in constructs  # attitude
    assert "myth_bdsm_only" in constructs  # knowledge: the common misconception
    assert {"intention_talk", "intention_checkin"} <= constructs  # intention
    intention = survey(library, "aftercare-workshop").question("intention_talk_pre")
    assert intention is not None and len(intention.options) == 7


@pytest.mark.parametrize("survey_id", ALL_SURVEYS)
def test_sensitive_flags_are_exactly_where_they_belong(library, survey_id) -> None:
    item = survey(library, survey_id)
    assert survey_id in SENSITIVE, "add this survey's expected sensitive items to SENSITIVE"
    flagged = {q.id for q in item.questions if q.sensitive}
    assert flagged == SENSITIVE[survey_id]
    # whatever the survey, questions about low mood after sex are sensitive
    assert all(q.sensitive for q in item.questions if q.id.startswith("low_mood"))


@pytest.mark.parametrize("survey_id", ALL_SURVEYS)
def test_quasi_identifiers_are_the_demographics_at_the_end(library, survey_id) -> None:
    item = survey(library, survey_id)
    assert survey_id in QUASI_IDENTIFIERS, "add this survey's demographics to QUASI_IDENTIFIERS"
    flagged = [q for q in item.questions if q.quasi_identifier]
    assert {q.id for q in flagged} == QUASI_IDENTIFIERS[survey_id]
    if not flagged:
        return
    first_demographic = min(item.step_of(q.id) for q in flagged)
    assert all(
        item.step_of(q.id) < first_demographic for q in item.questions if not q.quasi_identifier
    ), "demographics come last, after everything else"
    for question in flagged:
        # k-anonymity needs a few broad categories, never free text or exact numbers
        assert question.kind is QuestionKind.single, question.id
        assert 2 <= len(question.options) <= 6, question.id


def test_full_workshop_offers_not_applicable_where_a_partner_is_assumed(library) -> None:
    full = survey(library, "aftercare-workshop")
    for item_id in ("low_mood_ever", "low_mood_4wk", "talk_before_freq", "ask_after_freq"):
        question = full.question(item_id)
        assert question is not None and "na" in question.option_codes, item_id


def test_first_look_keeps_the_ids_other_tests_rely_on(library) -> None:
    first = survey(library, "first-look")
    kinds = {q.id: q.kind.value for q in first.questions}
    assert kinds == {
        "importance_pre": "likert",
        "practices": "multiple",
        "minutes_affection": "number",
        "comfort_talking": "slider",
        "low_mood_ever": "single",
        "practice_ranking": "ranking",
        "one_word": "text",
        "importance_post": "likert",
        "age_band": "single",
    }


# --- modules ---------------------------------------------------------------


def _plain(markdown: str) -> str:
    """Markdown to the words a reader sees: no emphasis, list markers or link targets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`>]", "", text)


def _readability(text: str) -> float:
    """Flesch-Kincaid grade with textstat.

    textstat's "en_US" syllable counter downloads NLTK's CMU dictionary on first
    use; tests never touch the network, so we ask for "en-US", which textstat
    routes to its offline hyphenation-dictionary (Pyphen en_US) counter. The
    grade range above is calibrated on that counter.
    """
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("en-US")
    return stats.flesch_kincaid_grade(text)


def test_the_curriculum_has_at_least_eight_modules(library) -> None:
    assert len(library.modules) >= 8
    assert set(library.modules) >= TOPIC_MODULES


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_cites_sources(library, module_id) -> None:
    module = library.modules[module_id]
    assert module.sources
    for source in module.sources:
        # APA-style: a year in brackets, or (n.d.) for undated clinical material
        assert re.search(r"\(((19|20)\d\d|n\.d\.)\)", source), f"{module_id}: no year in {source!r}"


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_reading_time_matches_its_length(library, module_id) -> None:
    module = library.modules[module_id]
    words = len(_plain(module.body).split())
    assert 1 <= module.minutes <= 3
    assert abs(words / WORDS_PER_MINUTE - module.minutes) <= 1, (
        f"{module_id}: {words} words is about {words / WORDS_PER_MINUTE:.1f} min, "
        f"front matter says {module.minutes}"
    )


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_is_plain_language(library, module_id) -> None:
    grade = _readability(_plain(library.modules[module_id].body))
    low, high = GRADE_RANGE
    assert low <= grade <= high, f"{module_id}: Flesch-Kincaid grade {grade:.1f}"


def test_readability_check_can_tell_hard_text_from_easy() -> None:
    hard = (
        "Post-coital neuroendocrinological alterations, particularly prolactinergic "
        "elevation, have been hypothesised to constitute physiological substrates "
        "underlying interindividual variability in subsequent affective experience."
    )
    easy = "We sat. It was cold. I got a cup. She had tea. We had a nap."
    assert _readability(hard) > GRADE_RANGE[1]
    assert _readability(easy) < GRADE_RANGE[0]


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_has_a_try_this_prompt_and_a_content_note(library, module_id) -> None:
    module = library.modules[module_id]
    assert "**Try this:**" in module.body
    if NEEDS_NOTE.search(module.body):
        assert module.content_note, "the text touches sex, kink or conflict: say so up front"


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_module_makes_no_claim_the_evidence_does_not_support(library, module_id) -> None:
    found = UNSUPPORTED_CLAIMS.search(library.modules[module_id].body)
    assert found is None, f"{module_id}: {found.group(0)!r}"


# --- resources --------------------------------------------------------------


def test_resources_are_labelled_as_examples_to_replace(library) -> None:
    resources = library.resources
    assert resources is not None and len(resources.items) >= 2
    assert "example" in resources.note.lower()
    assert "emergency" in resources.note.lower()
    raw = (CONTENT / "resources.yaml").read_text(encoding="utf-8")
    assert "README" in raw  # the file tells facilitators where the instructions are
