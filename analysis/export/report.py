"""ANONYMIZATION.md: what the export removed or changed, in plain language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from analysis.disclosure import largest_small, raised_k_note

from .anonymize import ScrubCounts


@dataclass
class Report:
    sessions: list[str]
    k: int
    requested_k: int | None
    participants: int
    include_text: bool
    texts_left_out: int = 0
    texts_included: int = 0
    texts_hidden: int = 0
    scrubbed: ScrubCounts = field(default_factory=ScrubCounts)
    quasi_identifiers: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    qi_changed: int = 0
    qi_suppressed: int = 0
    qi_suppressed_rows: int = 0
    dropped_rows: int = 0  # in sessions with fewer than k participants
    dropped_sessions: list[str] = field(default_factory=list)
    knowledge_columns: list[str] = field(default_factory=list)
    words_shown: int = 0
    words_below_k: int = 0
    summary_primary: int = 0
    summary_secondary: int = 0
    summary_unprotected: list[str] = field(default_factory=list)
    prepost_suppressed: int = 0
    prepost_total: int = 0
    item_stats_rows: int = 0  # 0: no item_stats.csv (no knowledge item or likert scale)
    item_stats_withheld: int = 0
    item_stats_n_hidden: int = 0
    neutralized: int = 0


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def render(report: Report, created: date) -> str:
    lines = [
        "# How this export was anonymized",
        "",
        f"Made on {created.isoformat()} from session(s) {', '.join(report.sessions)}: "
        f"{_n(report.participants, 'participant')}.",
        "",
        f"The smallest group size used throughout is **k = {report.k}**"
        + raised_k_note(report.requested_k, report.k),
        "",
        "## Who is in it",
        "",
        "- Only participants who gave consent. Anyone who withdrew was deleted from the "
        "database when they withdrew, so they appear in no file.",
        "- Participant ids are new random ids made for this export only, and rows are "
        "sorted by them, so neither the ids nor the row order say who joined when.",
        "- Two exports of the same session share no participant id, but they **can be "
        "joined on their other columns**: the answers of one person are the same in both, "
        "so rows usually match one to one. Exports made at different k, with and without "
        "free text, or **of one session alone and pooled with other sessions**, together "
        "reveal more than either alone: merges and suppressions are chosen for the sessions "
        "in each export (and rows suppressed to complete a group are drawn at random), so "
        "one person's groups are cut differently in each, and the two intersected can narrow "
        "a group below k (for example the exact value behind a merged group, or two people "
        "to two rows each). Share only one export of a session outside your team.",
        "- No times are exported: only the date each session was created.",
    ]
    if report.dropped_rows:
        lines.append(
            f"- {_n(report.dropped_rows, 'participant')} of "
            f"{_n(len(report.dropped_sessions), 'session')} with fewer than {report.k} "
            f"participants ({', '.join(report.dropped_sessions)}) left out of every file, "
            "summaries included: beside their session code their answers would sit in a "
            "group smaller than k."
        )
    lines += [
        "- responses_wide.csv, responses_long.csv (and responses.sav) are record-level data: "
        "share them only as your ethics approval allows. summary.csv and prepost.csv are "
        "the tables meant for publication.",
        "",
        "## Free text",
        "",
    ]
    if not report.include_text:
        lines.append(
            f"- Free-text and words answers were left out "
            f"({_n(report.texts_left_out, 'answer')} "
            "marked SUPPRESSED). Ask for them with `--include-text` if your ethics approval "
            "covers them."
        )
    else:
        s = report.scrubbed
        lines += [
            f"- {_n(report.texts_included, 'free-text or words answer')} included after "
            "scrubbing (a words answer's phrases are separated by '; '). "
            f"Replaced: {_n(s.email, 'e-mail address', 'e-mail addresses')} by [email], "
            f"{_n(s.phone, 'phone number')} by [phone], {_n(s.url, 'link')} by [link], "
            f"{_n(s.handle, '@handle')} by [handle].",
            "- Scrubbing finds patterns, not meaning: names, places or spelled-out contact "
            "details can remain. Read the text before sharing it further.",
        ]
    if report.texts_hidden:
        lines.append(
            f"- {_n(report.texts_hidden, 'answer')} hidden by the facilitator during the "
            "session marked SUPPRESSED."
        )
    lines += ["", "## Quasi-identifiers (k-anonymity)", ""]
    if not report.quasi_identifiers:
        lines.append("- No question was marked as a quasi-identifier.")
    else:
        lines.append(
            f"- Checked together, within each session: {', '.join(report.quasi_identifiers)}. "
            f"Every combination of their values now occurs at least {report.k} times."
        )
        if report.merges:
            lines.append(
                f"- Neighbouring answers were merged into these wider groups "
                f"({_n(report.qi_changed, 'value')} changed):"
            )
            lines += [f"  - {m}" for m in report.merges]
        else:
            lines.append("- No answers needed merging.")
        lines.append(
            f"- {_n(report.qi_suppressed_rows, 'participant')} had all quasi-identifiers "
            f"marked SUPPRESSED ({_n(report.qi_suppressed, 'value')}): those still in a "
            "group smaller than k, and, where that left fewer than k such rows in a session, "
            "others chosen at random (or a whole small group) so that the SUPPRESSED rows of "
            f"each session are themselves a group of at least {report.k}. Treat SUPPRESSED "
            "as one more value: every combination, SUPPRESSED included, has at least "
            f"{report.k} rows."
        )
    lines += [
        "",
        "## summary.csv",
        "",
        f"- {_n(report.summary_primary, 'count')} between 1 and {largest_small(report.k)} suppressed, and "
        f"{_n(report.summary_secondary, 'further count')} suppressed so that no total reveals "
        "a hidden one, even by a reader who knows every published cell (zeros included), "
        "every total, and which hidden counts are below k. Percentages and averages of "
        "fewer than k answers are suppressed too, and a ranking's mean ranks whenever one "
        "of its first-place counts is hidden (a mean rank could give it away).",
        *_unprotected(report),
        f"- Words and text items: only words given by at least {report.k} participants are "
        f"listed ({_n(report.words_shown, 'word')}); "
        f"{_n(report.words_below_k, 'other word')} given by fewer are counted in the "
        "words_hidden rows, not listed. Words the facilitator hid from the word cloud are "
        "left out.",
        "",
        "## prepost.csv",
        "",
        f"- {report.prepost_suppressed} of {report.prepost_total} construct(s) had fewer than "
        "k matched pairs; their figures are SUPPRESSED.",
        "- Knowledge items (true / false / don't know) are compared on right (1) or not "
        "(0), never on the position of the option.",
        "",
        *_item_stats(report),
        *(
            [
                "## Knowledge scores",
                "",
                f"- responses_wide.csv adds {', '.join(report.knowledge_columns)}: how many "
                "knowledge items each participant answered with the keyed answer, before and "
                "after the modules, and the change. Given only when every item of that side "
                "was answered; otherwise the missing code of the first unanswered item. The "
                "'knowledge' row of prepost.csv compares the two scores.",
                "",
            ]
            if report.knowledge_columns
            else []
        ),
        "## Spreadsheet safety",
        "",
        f"- {_n(report.neutralized, 'cell')} beginning with =, +, -, @, a tab or a carriage "
        "return got a leading apostrophe so spreadsheet programs do not run it as a formula "
        "(plain negative numbers are left as they are).",
        "- Files are UTF-8 CSV with a header row (and a byte order mark so Excel reads "
        "accents correctly).",
        "",
        "## Missing-value codes",
        "",
        "- DECLINED: prefer not to answer. NOT_REACHED: stopped before the question. "
        "SKIPPED: moved on without answering. NOT_ASKED: not in that session's survey. "
        "SUPPRESSED: withheld by this export. datapackage.json lists them for every file.",
        "",
    ]
    return "\n".join(lines)


def _unprotected(report: Report) -> list[str]:
    """The exception to the line above, said plainly when it happens."""
    if not report.summary_unprotected:
        return []
    items = ", ".join(f"`{item}`" for item in report.summary_unprotected)
    return [
        f"- Left out of summary.csv: {items}. With every count hidden, the number of "
        f"participants alone would still give away a count below {report.k} (for example "
        "four missing-value counts that must all be small and add up to the room)."
    ]


def _item_stats(report: Report) -> list[str]:
    """The rules of item_stats.csv (analysis/item_stats_release.py), when the export has it."""
    if not report.item_stats_rows:
        return []
    k = report.k
    return [
        "## item_stats.csv",
        "",
        f"- Item statistics follow the same rules as the other tables. A figure computed on "
        f"fewer than {k} participants is left empty, and so is its n.",
        f"- A difficulty (the share who gave the keyed answer) shows how many got the item "
        f"right and how many did not: it is left empty when either count is between 1 and "
        f"{largest_small(k)}, and whenever summary.csv hides the item's answered or keyed-answer "
        "count, so it never tells more than summary.csv does.",
        f"- An n is left empty when fewer than {k} participants are not in the figure (those "
        "who left an item of the scale unanswered), and with it the confidence interval, "
        "whose width would give n away.",
        f"- {_n(report.item_stats_withheld, 'figure')} of {report.item_stats_rows} withheld "
        f"this way, {_n(report.item_stats_n_hidden, 'further n value')} hidden; the reason column "
        "says why. Discrimination, KR-20 and alpha use only participants who answered every "
        "item of the scale (listwise); 'prefer not to answer' is never scored as wrong.",
        "",
    ]
