"""ANONYMIZATION.md: what the export removed or changed, in plain language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
    summary_primary: int = 0
    summary_secondary: int = 0
    prepost_suppressed: int = 0
    prepost_total: int = 0
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
        + (
            f" (you asked for {report.requested_k}; a session's own setting or the "
            "minimum of 3 was higher)."
            if report.requested_k and report.requested_k < report.k
            else "."
        ),
        "",
        "## Who is in it",
        "",
        "- Only participants who gave consent. Anyone who withdrew was deleted from the "
        "database when they withdrew, so they appear in no file.",
        "- Participant ids are new random ids made for this export only. Two exports of the "
        "same session cannot be joined on them. Rows are in random order.",
        "- No times are exported: only the date each session was created.",
        "- responses_wide.csv, responses_long.csv (and responses.sav) are record-level data: "
        "share them only as your ethics approval allows. summary.csv and prepost.csv are "
        "the tables meant for publication.",
        "",
        "## Free text",
        "",
    ]
    if not report.include_text:
        lines.append(
            f"- Free-text answers were left out ({_n(report.texts_left_out, 'answer')} "
            "marked SUPPRESSED). Ask for them with `--include-text` if your ethics approval "
            "covers them."
        )
    else:
        s = report.scrubbed
        lines += [
            f"- {_n(report.texts_included, 'free-text answer')} included after scrubbing. "
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
            f"- {_n(report.qi_suppressed_rows, 'participant')} still in a group smaller than "
            f"k had all quasi-identifiers marked SUPPRESSED ({_n(report.qi_suppressed, 'value')})."
        )
    lines += [
        "",
        "## summary.csv",
        "",
        f"- {_n(report.summary_primary, 'count')} between 1 and {report.k - 1} suppressed, and "
        f"{_n(report.summary_secondary, 'further count')} suppressed so that no total reveals "
        "a hidden one. Percentages and averages of fewer than k answers are suppressed too.",
        "",
        "## prepost.csv",
        "",
        f"- {report.prepost_suppressed} of {report.prepost_total} construct(s) had fewer than "
        "k matched pairs; their figures are SUPPRESSED.",
        "",
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
