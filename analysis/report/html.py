"""The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no link.

A front part a facilitator can hand out (analysis.report.template.FRONT), then
an appendix for researchers that starts on a new printed page.

Jinja2 autoescapes everything; the only markup let through unescaped is SVG that
vl-convert drew from our own chart specs (participant words inside it are
escaped by vl-convert as SVG text). Print CSS keeps figures and tables whole on
a page, so a browser's "Print to PDF" gives a clean document.
"""

from __future__ import annotations

from datetime import date

import jinja2
from markupsafe import Markup

from analysis import prepost_wording
from analysis.report.content import ReportContent
from analysis.report.template import FRONT, ITEMS, QUESTIONS, STATISTICS

CSS = """
:root { color: #1F2A2E; background: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1B6B73; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin-bottom: .3rem; }
.sub, .note, footer { color: #4a5558; }
.sub { margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #c8cfd1; padding: .25rem .55rem; text-align: left; vertical-align: top; }
th { background: #eef3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.front { width: 100%; }
table.front td:first-child { width: 45%; }
figure { margin: .6rem 0 1rem; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: .92rem; margin-bottom: .4rem; }
.question { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.4rem; }
.note { font-size: .92rem; margin: .2rem 0; }
.texts li { white-space: pre-wrap; }
footer { border-top: 1px solid #c8cfd1; margin-top: 2rem; font-size: .92rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .appendix { break-before: page; page-break-before: always; }
  /* A question may run on to the next page (a whole one per page left pages half empty);
     its heading stays with its chart, and a chart or a table row is never cut. */
  .keep, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  .question { break-inside: auto; page-break-inside: auto; }
  /* A bar chart writes each row's figure (or "fewer than k") on its bar: on paper the
     same figures as a table only lengthen the appendix. Screens keep the table. */
  table.labelled { display: none; }
  table { font-size: 9pt; margin: .3rem 0 .5rem; }
  th, td { padding: .1rem .4rem; }
  a { color: inherit; text-decoration: none; }
}
"""

TEMPLATE = (
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
</header>
<main>
"""
    + FRONT
    + """
<section class="appendix" aria-labelledby="appendix">
<h2 id="appendix">Appendix for researchers</h2>
<p>The detail behind the pages above: every question's chart and counts, the before/after
statistics, item statistics, how the figures were made, and the ids that match the data export.</p>
"""
    + QUESTIONS
    + STATISTICS
    + ITEMS
    + """
<section aria-labelledby="methods">
<h3 id="methods">D. Methods and anonymization</h3>
{% if not report.pooled %}{% set s = report.sessions[0] %}
<table>
<tr><th scope="row">Session</th><td>{{ s.code }} · {{ s.title }}</td></tr>
<tr><th scope="row">Date</th><td>{{ s.date.isoformat() }}</td></tr>
<tr><th scope="row">Survey</th><td>{{ s.survey_title }} ({{ s.survey_id }}, version {{ s.survey_version }})</td></tr>
<tr><th scope="row">Smallest group shown (k)</th><td class="num">{{ s.k }}</td></tr>
<tr><th scope="row">Joined</th><td class="num">{{ s.joined }}</td></tr>
<tr><th scope="row">Consented</th><td class="num">{{ s.consented }}</td></tr>
<tr><th scope="row">Finished</th><td class="num">{{ s.finished }}</td></tr>
</table>
{% else %}
<p>{{ report.sessions|length }} sessions pooled. Each session's own k applies to its own
figures; a pooled figure is shown only where every session shows its part.</p>
<table>
<thead><tr>{% for c in report.sessions_table.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in report.sessions_table.itertuples(index=False) %}<tr>
{% for v in row %}<td{% if v is number %} class="num"{% endif %}>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% if report.shared.excluded %}
<p>Pooled only on the questions asked with the same codes and wording in every session.
Left out:</p>
<ul>{% for item, why in report.shared.excluded.items() %}<li><code>{{ item }}</code>: {{ why }}</li>{% endfor %}</ul>
{% else %}<p>Every question was asked with the same codes and wording in every session.</p>{% endif %}
{% endif %}
<ul>
<li>Participants joined anonymously with a session code: no names, e-mail addresses or IP
addresses are stored. Only people who consented are counted in the answers.</li>
<li>Every chart follows the rules of the live display in the room: nothing about a question is
shown until at least k people answered it; small groups (fewer than k) are shown as
"fewer than k", and a further group is hidden where a small one could be worked out by
subtraction. This report shows what the room could see on the projector once every answer was in.</li>
<li>Word lists show only words given by at least k different people.</li>
<li>{% if report.include_text %}Free-text answers appear only where the facilitator approved them
for the screen, in no particular order.{% else %}Free-text answers are left out.{% endif %}</li>
<li>Before and after: only people who answered a question both times count. The effect is the
matched-pairs rank-biserial correlation (−1 to +1) with a 95% bootstrap interval and a Wilcoxon
signed-rank test; a question with fewer than k pairs shows no figure. Knowledge items score 1 for
the right answer and 0 for any other, so their change is in percentage points answering correctly.
The front part's "x of n answered correctly" counts are the charts' own: everyone who answered
the item, pairs or not.</li>
{% if report.pooled %}<li>Pooling: per-session effects are mean changes in scale points with
normal-theory 95% intervals; the pooled estimate is a DerSimonian-Laird random-effects
meta-analysis (statsmodels). A session with fewer than k pairs is left out of every pooled figure.</li>{% endif %}
{% if report.item_tables %}<li>Item statistics: a figure resting on fewer than k people is not
shown; a share answering correctly is shown only where the question's own chart shows the same
counts and neither those right nor those not right are fewer than k; the number of people
behind a figure (and an interval, which would give it away) is not shown when fewer than k
people are left out of it. Item-rest correlations, KR-20 and alpha (with an F-distribution
95% interval) use only people who answered every item of the scale.</li>{% endif %}
<li>A workshop is a small sample: these figures describe the room{{ "s" if report.pooled else "" }},
they do not prove that the modules work.</li>
</ul>
</section>
{% if report.changes %}
<section aria-labelledby="ids">
<h3 id="ids">E. Item ids in the data export</h3>
<table class="stats">
<thead><tr><th scope="col">Question</th><th scope="col">Before → after (export columns)</th></tr></thead>
<tbody>{% for line in report.changes %}<tr><td>{{ line.question }}</td><td><code>{{ line.items }}</code></td></tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}
</section>
</main>
<footer>
<p>Workshop report made {{ report.created.isoformat() }}. Groups smaller than {{ report.k }} people
are never shown.</p>
</footer>
</body>
</html>
"""
)

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # autoescape on


def render(report: ReportContent) -> str:
    first = report.sessions[0]
    if report.pooled:
        title = f"Workshop report: {len(report.sessions)} sessions pooled"
        dates = sorted({s.date for s in report.sessions})
        when = f"{dates[0].isoformat()} to {dates[-1].isoformat()}" if len(dates) > 1 else ""
    else:
        title = f"Workshop report: {first.title}"
        when = ""
    subtitle = f"{first.survey_title}, {when or first.date.isoformat()}"
    return _ENV.from_string(TEMPLATE).render(
        report=report,
        title=title,
        subtitle=subtitle,
        knowledge_note=prepost_wording.KNOWLEDGE_NOTE,  # the same words as the staff pages
        css=Markup(CSS),  # noqa: S704 - our constant
    )


def filename(report: ReportContent, today: date) -> str:
    codes = "-".join(s.code for s in report.sessions[:3])
    more = f"-and-{len(report.sessions) - 3}-more" if len(report.sessions) > 3 else ""
    return f"workshop-report-{codes}{more}-{today.isoformat()}.html"
