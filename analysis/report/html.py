"""The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no link.

Jinja2 autoescapes everything; the only markup let through unescaped is SVG that
vl-convert drew from our own chart specs (participant words inside it are
escaped by vl-convert as SVG text). Print CSS keeps figures and tables whole on
a page, so a browser's "Print to PDF" gives a clean document.
"""

from __future__ import annotations

from datetime import date

import jinja2
from markupsafe import Markup

from analysis.report.content import ReportContent

CSS = """
:root { color: #1F2A2E; background: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1B6B73; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.sub { color: #4a5558; margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #c8cfd1; padding: .25rem .55rem; text-align: left; vertical-align: top; }
th { background: #eef3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .6rem 0 1rem; }
figure svg { max-width: 100%; height: auto; }
.question { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.4rem; }
.note { color: #4a5558; font-size: .92rem; margin: .2rem 0; }
.texts li { white-space: pre-wrap; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .question { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 62mm; width: auto; }
  table { font-size: 9pt; margin: .3rem 0 .5rem; }
  th, td { padding: .1rem .4rem; }
  a { color: inherit; text-decoration: none; }
}
"""

TEMPLATE = """<!doctype html>
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
<p class="sub">Workshop report made {{ report.created.isoformat() }}. Groups smaller than
{{ report.k }} people are never shown.</p>
</header>

<h2>The session{{ "s" if report.pooled else "" }}</h2>
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

{% if report.changes %}
<h2>Before and after</h2>
<ul>{% for line in report.changes %}<li><strong>{{ line.question }}</strong> {{ line.sentence }}</li>{% endfor %}</ul>
{% for title, svg in report.forest_svgs %}
<figure aria-label="Forest plot: {{ title }}">{{ svg|safe }}</figure>
{% endfor %}
{% if report.prepost_svg %}<figure aria-label="Before and after chart">{{ report.prepost_svg|safe }}</figure>{% endif %}
<h3>Statistics</h3>
<table>
<thead><tr>{% for c in report.changes[0].stats %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for line in report.changes %}<tr>{% for v in line.stats.values() %}<td>{{ "" if v is none else v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% if report.pooled and not report.forest.empty %}
<h3>Effect per session (forest plot figures)</h3>
<table>
<thead><tr><th>Construct</th><th>Session</th><th>Pairs</th><th>Mean change</th><th>95% interval</th><th>Weight</th><th>Note</th></tr></thead>
<tbody>{% for r in report.forest.itertuples(index=False) %}<tr><td>{{ r.construct }}</td><td>{{ r.session }}</td>
<td class="num">{{ "fewer than k" if r.pairs is none else r.pairs }}</td>
<td class="num">{{ "" if r.mean_change is none else "%+.2f"|format(r.mean_change) }}</td>
<td>{{ "" if r.ci_low is none else "%+.2f to %+.2f"|format(r.ci_low, r.ci_high) }}</td>
<td class="num">{{ "" if r.weight is none else "%.0f%%"|format(r.weight * 100) }}</td>
<td>{{ r.note }}{% if r.i_squared is not none %}; I² = {{ "%.0f%%"|format(r.i_squared * 100) }}, τ² = {{ "%.3f"|format(r.tau_squared) }}{% endif %}</td></tr>{% endfor %}</tbody>
</table>
{% endif %}
{% endif %}

<h2>Every question</h2>
{% for q in report.questions %}
<section class="question">
<h3>{{ loop.index }}. {{ q.question.text }}</h3>
<p class="note">{{ q.responded }} responded.</p>
{% if q.svg %}<figure aria-label="Chart: {{ q.question.text }}">{{ q.svg|safe }}</figure>{% endif %}
{% if q.rows %}<table><tbody>{% for row in q.rows %}<tr><td>{{ row.label }}</td>
<td class="num">{{ row.text.split(": ", 1)[1] if row.count is none else row.count }}</td>
<td class="num">{{ "" if row.count is none else "%.0f%%"|format(row.share * 100) }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if q.words %}<table><thead><tr><th scope="col">Word</th><th scope="col">People who gave it</th></tr></thead>
<tbody>{% for w in q.words %}<tr><td>{{ w.word }}</td><td class="num">{{ w.participants }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% for note in q.notes %}<p class="note">{{ note }}</p>{% endfor %}
{% if q.texts %}<p>Approved answers (in no particular order):</p>
<ul class="texts">{% for t in q.texts %}<li>{{ t }}</li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
{% if report.pooled %}<p class="note">Number, slider, ranking, word and free-text questions are
not pooled across sessions (their bins and words differ from room to room); each session's own
report shows them.</p>{% endif %}

{% if report.item_tables %}
<h2>For researchers: item statistics</h2>
<p>How well each knowledge item and multi-item scale worked. Difficulty is the share who gave the
keyed answer, of those who answered ("don't know" counts as not correct; "prefer not to answer"
is left out). Item-rest correlation is the item's correlation with the sum of the other items
(discrimination: near 0 or negative means the item does not go with the rest). KR-20 and
Cronbach's alpha describe the consistency of the items as a scale, over the people who answered
every one of them.</p>
{% set ns = namespace(retro=false) %}
{% for t in report.item_tables %}
{% if t.retrospective and not ns.retro %}{% set ns.retro = true %}
<h3>Retrospective "before" ratings</h3>
<p class="note">Asked after the modules about how things were before: reported apart from the
pre-test, since looking back is not the same measurement.</p>
{% endif %}
<section class="question">
<h3>{{ t.heading }}</h3>
<table>
<thead><tr><th scope="col">Question</th>{% if t.knowledge %}<th scope="col">Answered correctly</th>{% endif %}<th scope="col">Item-rest correlation</th></tr></thead>
<tbody>{% for line in t.lines %}<tr><td>{{ line.text }}</td>{% if t.knowledge %}<td>{{ line.difficulty }}</td>{% endif %}<td>{{ line.discrimination }}</td></tr>{% endfor %}</tbody>
</table>
{% if t.scale_line %}<p class="note">{{ t.scale_line }}</p>{% endif %}
{% if t.knowledge %}<p class="note">"Not shown": the figure would reveal a group smaller than
{{ report.k }}, or counts that the question's chart above hides.</p>{% endif %}
</section>
{% endfor %}
{% endif %}

<h2>Methods and anonymization</h2>
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
signed-rank test; a question with fewer than k pairs shows no figure.</li>
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
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # autoescape on


def render(report: ReportContent) -> str:
    if report.pooled:
        title = f"Workshop report: {len(report.sessions)} sessions pooled"
    else:
        s = report.sessions[0]
        title = f"Workshop report: {s.title}"
    page = _ENV.from_string(TEMPLATE).render(report=report, title=title, css=Markup(CSS))  # noqa: S704 - our constant

    return page


def filename(report: ReportContent, today: date) -> str:
    codes = "-".join(s.code for s in report.sessions[:3])
    more = f"-and-{len(report.sessions) - 3}-more" if len(report.sessions) > 3 else ""
    return f"workshop-report-{codes}{more}-{today.isoformat()}.html"
