"""Follow-up without identity: codes, keyed hashes, linking, withdrawal and the three waves."""

from __future__ import annotations

import csv
import io
import math
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from analysis.export import make_export
from analysis.export.waves import repeated
from tests.support.datapackage import assert_every_csv_described_and_valid
from workshop import db, followup, followup_matches, participants, sessions
from workshop.answers import save_answer
from workshop.errors import ParticipantNotFound
from workshop.followup_words import WORDS
from workshop.loading import ContentLibrary
from workshop.schema import answers, followup_links
from workshop.schema import participants as participant_rows

KEY = b"k" * 32


def _finish(engine: Engine, pid: str, snapshot_steps: int) -> None:
    participants.set_progress(engine, pid, snapshot_steps - 1, finished=True)


def _workshop(engine: Engine, library: ContentLibrary, people: int) -> tuple[int, list[str]]:
    snapshot = library.snapshot("aftercare-workshop")
    session = sessions.create_session(engine, snapshot, open_now=True)
    ids = []
    for n in range(people):
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, "aftercare_importance_pre", str(1 + n % 3))
        save_answer(engine, person.id, "aftercare_importance_post", str(2 + n % 3))
        save_answer(engine, person.id, "talk_before_freq", "rarely")
        _finish(engine, person.id, len(snapshot.survey.steps))
        ids.append(person.id)
    sessions.close_session(engine, session.id)
    return session.id, ids


def _follow(engine: Engine, library: ContentLibrary, origin: int) -> sessions.WorkshopSession:
    return sessions.create_session(
        engine, library.snapshot("aftercare-followup"), open_now=True, follow_up_of=origin
    )


def _respond(engine: Engine, follow: sessions.WorkshopSession, value: str = "4") -> str:
    _, person = participants.join(engine, follow.code, consented=True)
    save_answer(engine, person.id, "aftercare_importance_post", value)
    save_answer(engine, person.id, "talk_before_freq", "often")
    return person.id


# --- codes -------------------------------------------------------------------


def test_random_codes_are_words_and_digits_with_about_31_bits() -> None:
    assert len(WORDS) == 256 == len(set(WORDS))
    assert all(w.isalpha() and w.islower() and 3 <= len(w) <= 8 for w in WORDS)
    assert math.isclose(followup.entropy_bits(), 24 + 2 * math.log2(10))
    codes = {followup.generate_code() for _ in range(2000)}
    assert len(codes) == 2000  # 2^31 possibilities: no repeat expected in 2000 draws
    for code in list(codes)[:50]:
        *words, digits = code.split("-")
        assert len(words) == 3 and all(w in WORDS for w in words)
        assert len(digits) == 2 and digits.isdigit()
        assert followup.normalize_code(code) == code
    # every word position uses the whole list, not a fixed few
    firsts = {c.split("-")[0] for c in codes}
    assert len(firsts) > 200


def test_typed_codes_are_forgiving_about_case_and_spacing_but_not_words() -> None:
    assert followup.normalize_code(" Maple OTTER  comet 42 ") == "maple-otter-comet-42"
    assert followup.normalize_code("maple_otter.comet-4 2") == "maple-otter-comet-42"
    for bad, says in [
        ("", "Enter the follow-up code"),
        ("maple-otter-42", "three words and two digits"),
        ("maple-otter-comet-421", "three words and two digits"),
        ("maple-otter-comit-42", "'comit' is not one of the code words"),
        ("x" * 200, "too long"),
    ]:
        with pytest.raises(followup.FollowUpError, match=says):
            followup.normalize_code(bad)


def test_self_made_codes_are_canonical_and_checked() -> None:
    assert (
        followup.self_code("M", 7, "Ha")
        == followup.self_code(" m", "07", "hall")
        == ("self:m-07-ha")
    )
    with pytest.raises(followup.FollowUpError, match="1 to 31"):
        followup.self_code("m", 32, "ha")
    with pytest.raises(followup.FollowUpError, match="letters only"):
        followup.self_code("7", 3, "ha")


def test_the_key_is_generated_once_outside_the_data_folder_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKSHOP_FOLLOWUP_KEY", raising=False)
    data, key_file = tmp_path / "data", tmp_path / "config" / "followup.key"
    data.mkdir()
    first = followup.load_key(data, configured="", key_file=key_file)
    assert len(first) == 32
    assert followup.load_key(data, configured="", key_file=key_file) == first
    assert not (data / followup.KEY_FILE).exists(), "a copy of the data folder holds no key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert followup.load_key(data, configured="c" * 40, key_file=key_file) == b"c" * 40
    with pytest.raises(followup.FollowUpError, match="at least 32"):
        followup.load_key(data, configured="short", key_file=key_file)
    # the hash depends on the key: a database copy without the key tests nothing
    code = "maple-otter-comet-42"
    assert followup.code_hash(first, code) != followup.code_hash(KEY, code)


def test_a_key_an_older_version_kept_in_the_data_folder_moves_out_once(tmp_path: Path) -> None:
    """Issue 23 point 5: a copy of the data folder recovered every self-made code offline."""
    data, key_file = tmp_path / "data", tmp_path / "config" / "followup.key"
    data.mkdir()
    (data / followup.KEY_FILE).write_text("ab" * 32 + "\n")
    assert followup.load_key(data, configured="", key_file=key_file) == bytes.fromhex("ab" * 32)
    assert not (data / followup.KEY_FILE).exists() and key_file.exists()
    assert followup.load_key(data, configured="", key_file=key_file) == bytes.fromhex("ab" * 32)


def test_the_default_key_file_is_not_in_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop import config

    monkeypatch.delenv("WORKSHOP_FOLLOWUP_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    config.reset()
    current = config.settings()
    assert current.followup_key_file == Path("/somewhere/config/aftercare-workshop/followup.key")
    assert current.data_dir not in current.followup_key_file.parents


# --- linking -----------------------------------------------------------------


def test_opt_in_stores_only_a_keyed_hash_and_the_code_links_the_follow_up(
    engine: Engine, library: ContentLibrary
) -> None:
    origin, people = _workshop(engine, library, 3)
    code = followup.opt_in(engine, people[0], key=KEY)
    with db.read(engine) as connection:
        stored = connection.execute(select(followup_links)).all()
    assert len(stored) == 1
    assert stored[0].code_hash == followup.code_hash(KEY, code)
    assert code not in repr(stored)
    follow = _follow(engine, library, origin)
    newcomer = _respond(engine, follow)
    returner = _respond(engine, follow)
    wrong = followup.link(
        engine, newcomer, followup.normalize_code("maple-otter-comet-42"), key=KEY
    )
    assert not wrong.linked and "could not find that code" in wrong.message
    result = followup.link(engine, returner, followup.normalize_code(code.upper()), key=KEY)
    assert result.linked
    assert followup_matches.pairs(engine, follow.id) == [(people[0], returner)]
    # a code links one follow-up participant only
    again = followup.link(engine, newcomer, code, key=KEY)
    assert not again.linked and "already used" in again.message
    counts = followup_matches.match_counts(engine, follow.id)
    assert (counts.workshop_participants, counts.opted_in) == (3, 1)
    assert (counts.followup_participants, counts.linked) == (2, 1)
    assert counts.rate_of_followup == 0.5 and counts.rate_of_opted_in == 1.0


def test_a_code_only_reaches_the_workshop_the_follow_up_belongs_to(
    engine: Engine, library: ContentLibrary
) -> None:
    first, people = _workshop(engine, library, 1)
    second, _ = _workshop(engine, library, 1)
    code = followup.opt_in(engine, people[0], key=KEY)
    other_follow = _follow(engine, library, second)
    assert not followup.link(engine, _respond(engine, other_follow), code, key=KEY).linked
    with pytest.raises(followup.FollowUpError, match="not a follow-up"):
        followup.link(engine, people[0], code, key=KEY)
    assert first != second


def test_codes_are_offered_only_to_finished_workshop_participants(
    engine: Engine, library: ContentLibrary
) -> None:
    session = sessions.create_session(engine, library.snapshot("aftercare-workshop"), open_now=True)
    _, person = participants.join(engine, session.code, consented=True)
    with pytest.raises(followup.FollowUpError, match="once you have finished"):
        followup.opt_in(engine, person.id, key=KEY)
    with pytest.raises(ParticipantNotFound):
        followup.opt_in(engine, "0" * 32, key=KEY)


def test_a_shared_self_made_code_is_stored_silently_and_links_nobody(
    engine: Engine, library: ContentLibrary
) -> None:
    origin, people = _workshop(engine, library, 3)
    mine = followup.self_code("m", 7, "ha")
    followup.register_self_code(engine, people[0], mine, key=KEY)
    followup.register_self_code(engine, people[1], mine, key=KEY)  # never "already used"
    follow = _follow(engine, library, origin)
    returner = _respond(engine, follow)
    result = followup.link(engine, returner, mine, key=KEY)
    assert not result.linked and "more than one person" in result.message
    assert followup_matches.pairs(engine, follow.id) == []
    own = followup.self_code("q", 3, "zz")
    followup.register_self_code(engine, people[2], own, key=KEY)
    assert followup.link(engine, returner, own, key=KEY).linked
    assert followup_matches.pairs(engine, follow.id) == [(people[2], returner)]


@pytest.mark.parametrize("who", ["workshop", "followup"])
def test_withdrawing_from_either_part_deletes_the_link_and_both_parts(
    engine: Engine, library: ContentLibrary, who: str
) -> None:
    """A random code proves one person gave both parts: withdrawal takes both."""
    origin, people = _workshop(engine, library, 2)
    code = followup.opt_in(engine, people[0], key=KEY)
    follow = _follow(engine, library, origin)
    returner = _respond(engine, follow)
    bystander = _respond(engine, follow)
    assert followup.link(engine, returner, code, key=KEY).linked
    deleted = participants.withdraw(engine, people[0] if who == "workshop" else returner)
    assert deleted == 5  # three workshop answers and two follow-up answers
    with db.read(engine) as connection:
        left = set(connection.execute(select(participant_rows.c.id)).scalars())
        answered = set(connection.execute(select(answers.c.participant_id)).scalars())
        links = connection.execute(select(followup_links)).all()
    assert left == answered == {people[1], bystander}
    assert links == []


@pytest.mark.parametrize("who", ["workshop", "followup"])
def test_a_self_made_link_never_lets_one_part_delete_the_other(
    engine: Engine, library: ContentLibrary, who: str
) -> None:
    """A self-made code can be reproduced by someone else: withdrawal keeps to its own part."""
    origin, people = _workshop(engine, library, 2)
    mine = followup.self_code("m", 7, "ha")
    followup.register_self_code(engine, people[0], mine, key=KEY)
    follow = _follow(engine, library, origin)
    returner = _respond(engine, follow)
    assert followup.link(engine, returner, mine, key=KEY).linked
    leaving, staying = (people[0], returner) if who == "workshop" else (returner, people[0])
    assert participants.withdraw(engine, leaving) == (3 if who == "workshop" else 2)
    with db.read(engine) as connection:
        left = set(connection.execute(select(participant_rows.c.id)).scalars())
        links = connection.execute(select(followup_links)).all()
    assert staying in left and leaving not in left
    assert all(link.followup_participant_id is None for link in links)
    assert followup_matches.pairs(engine, follow.id) == []


def test_a_self_made_code_can_be_saved_only_a_few_times(
    engine: Engine, library: ContentLibrary
) -> None:
    _, people = _workshop(engine, library, 1)
    for day in range(1, followup.MAX_SELF_CODE_SAVES + 1):
        followup.register_self_code(engine, people[0], followup.self_code("m", day, "ha"), key=KEY)
    with pytest.raises(followup.FollowUpError, match="cannot be changed again"):
        followup.register_self_code(engine, people[0], followup.self_code("x", 1, "yy"), key=KEY)
    last = followup.self_code("m", followup.MAX_SELF_CODE_SAVES, "ha")
    with db.read(engine) as connection:
        stored = connection.execute(select(followup_links.c.code_hash)).scalars().all()
    assert stored == [followup.code_hash(KEY, last)]


# --- export ------------------------------------------------------------------


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.slow
def test_the_export_pairs_pre_post_and_follow_up_with_the_match_rate(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    origin, people = _workshop(engine, library, 6)
    follow = _follow(engine, library, origin)
    linked = []
    for n, pid in enumerate(people[:5]):
        code = followup.opt_in(engine, pid, key=KEY)
        returner = _respond(engine, follow, value=str(3 + n % 3))
        assert followup.link(engine, returner, code, key=KEY).linked
        linked.append((pid, returner))
    _respond(engine, follow)  # came back without a code
    export = make_export(engine, [origin, follow.id])
    match = _csv(export.files["waves_match.csv"])
    assert match == [
        {
            "workshop": sessions.get_session(engine, origin).code,
            "followup": follow.code,
            "workshop_participants": "6",
            "opted_in": "5",
            "followup_participants": "6",
            "linked": "5",
            "match_rate_followup": "0.833",
            "match_rate_opted_in": "1",
        }
    ]
    rows = _csv(export.files["waves.csv"])
    importance = [r for r in rows if r["construct"] == "aftercare_importance"]
    assert len(importance) == 5 and len({r["wave_id"] for r in rows}) == 5
    assert sorted((r["pre"], r["post"], r["followup_value"]) for r in importance) == sorted(
        (str(1 + n % 3), str(2 + n % 3), str(3 + n % 3)) for n in range(5)
    )
    behaviour = [r for r in rows if r["construct"] == "talk_before_freq"]
    assert {(r["pre"], r["post"], r["followup_value"]) for r in behaviour} == {
        ("rarely", "NOT_ASKED", "often")
    }
    # the wave ids are new: no database id, and none of the responses file's ids
    wide_ids = {r["participant"] for r in _csv(export.files["responses_wide.csv"])}
    assert not {r["wave_id"] for r in rows} & (wide_ids | set(people))
    assert all(pid not in export.files["waves.csv"].decode() for pair in linked for pid in pair)
    assert [m.linked for m in export.waves] == [5]
    for name, content in export.files.items():
        (tmp_path / name).write_bytes(content)
    assert_every_csv_described_and_valid(tmp_path)  # waves.csv and waves_match.csv too
    assert (
        "5 of 6 follow-up participant(s) linked (match rate 83%)"
        in export.files["WAVES.md"].decode()
    )


def test_fewer_than_k_linked_people_give_counts_but_no_rows(
    engine: Engine, library: ContentLibrary
) -> None:
    origin, people = _workshop(engine, library, 3)
    follow = _follow(engine, library, origin)
    code = followup.opt_in(engine, people[0], key=KEY)
    assert followup.link(engine, _respond(engine, follow), code, key=KEY).linked
    export = make_export(engine, [origin, follow.id])
    assert _csv(export.files["waves.csv"]) == []
    assert _csv(export.files["waves_match.csv"])[0]["linked"] == "1"
    # exporting the follow-up alone makes no wave files at all
    assert "waves.csv" not in make_export(engine, [follow.id]).files


def test_the_follow_up_survey_repeats_workshop_items_word_for_word(
    library: ContentLibrary,
) -> None:
    workshop = library.surveys["aftercare-workshop"]
    follow = library.surveys["aftercare-followup"]
    repeats = [q for q in follow.questions if q.repeats]
    assert len(repeats) >= 4
    for question in repeats:
        original = workshop.question(question.id)
        assert original is not None, question.id
        assert (original.text, original.options, original.kind, original.help) == (
            question.text,
            question.options,
            question.kind,
            question.help,
        )
    constructs = {row[0] for row in repeated(workshop, follow)}
    assert {"aftercare_importance", "confidence_ask", "talk_before_freq"} <= constructs
    assert len(repeated(workshop, follow)) == len(repeats)


def test_after_a_few_wrong_codes_a_follow_up_participant_cannot_keep_guessing(
    engine: Engine, library: ContentLibrary
) -> None:
    origin, people = _workshop(engine, library, 1)
    mine = followup.self_code("m", 7, "ha")
    followup.register_self_code(engine, people[0], mine, key=KEY)
    follow = _follow(engine, library, origin)
    guesser = _respond(engine, follow)
    for day in range(1, followup.MAX_FAILED_LINKS + 1):
        guess = followup.self_code("m", day + 10, "ha")
        assert "could not find" in followup.link(engine, guesser, guess, key=KEY).message
    refused = followup.link(engine, guesser, mine, key=KEY)  # the right one, too late
    assert not refused.linked and "Too many codes" in refused.message
    assert followup.link(engine, _respond(engine, follow), mine, key=KEY).linked
