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
from types import SimpleNamespace

import jinja2
from markupsafe import Markup

from analysis import prepost_wording
from analysis.report import wording
from analysis.report.content import ReportContent
from analysis.report.template import FRONT, ITEMS, QUESTIONS, STATISTICS
from workshop import i18n
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.i18n import _

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
<html lang="{{ lang }}">
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
<h2 id="appendix">{{ t.appendix }}</h2>
<p>{{ t.appendix_intro }}</p>
"""
    + QUESTIONS
    + STATISTICS
    + ITEMS
    + """
<section aria-labelledby="methods">
<h3 id="methods">{{ t.methods }}</h3>
{% if not report.pooled %}{% set s = report.sessions[0] %}
<table>
<tr><th scope="row">{{ t.session }}</th><td>{{ s.code }} · {{ s.title }}</td></tr>
<tr><th scope="row">{{ t.date }}</th><td>{{ s.date|day }}</td></tr>
<tr><th scope="row">{{ t.survey }}</th><td>{{ t.survey_version.format(title=s.survey_title, id=s.survey_id, version=s.survey_version) }}</td></tr>
<tr><th scope="row">{{ t.smallest_k }}</th><td class="num">{{ s.k|num }}</td></tr>
<tr><th scope="row">{{ t.joined }}</th><td class="num">{{ s.joined|num }}</td></tr>
<tr><th scope="row">{{ t.consented }}</th><td class="num">{{ s.consented|num }}</td></tr>
<tr><th scope="row">{{ t.finished }}</th><td class="num">{{ s.finished|num }}</td></tr>
</table>
{% else %}
<p>{{ t.pooled_k }}</p>
<table>
<thead><tr>{% for c in report.sessions_table.columns %}<th scope="col">{{ c|column }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in report.sessions_table.itertuples(index=False) %}<tr>
{% for v in row %}<td{% if v is number %} class="num"{% endif %}>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% if report.shared.excluded %}
<p>{{ t.left_out }}</p>
<ul>{% for item, why in report.shared.excluded.items() %}<li><code>{{ item }}</code>: {{ why }}</li>{% endfor %}</ul>
{% else %}<p>{{ t.all_shared }}</p>{% endif %}
{% endif %}
<ul>
<li>{{ t.anonymous }}</li>
<li>{{ t.display_rules }}</li>
<li>{{ t.word_lists }}</li>
<li>{{ t.free_text }}</li>
<li>{{ t.before_after }}</li>
{% if report.pooled %}<li>{{ t.pooling }}</li>{% endif %}
{% if report.item_tables %}<li>{{ t.item_statistics }}</li>{% endif %}
<li>{{ t.small_sample }}</li>
</ul>
</section>
{% if report.changes %}
<section aria-labelledby="ids">
<h3 id="ids">{{ t.ids }}</h3>
<table class="stats">
<thead><tr><th scope="col">{{ t.question }}</th><th scope="col">{{ t.before_after_columns }}</th></tr></thead>
<tbody>{% for line in report.changes %}<tr><td>{{ line.question }}</td><td><code>{{ line.items }}</code></td></tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}
</section>
</main>
<footer>
<p>{{ t.footer }}</p>
</footer>
</body>
</html>
"""
)

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # autoescape on


def _answer(label: str) -> str:
    """An answer's label: authored text as written, the app's own "Prefer not to answer" translated."""
    return _(PREFER_NOT_TO_ANSWER) if label == PREFER_NOT_TO_ANSWER else label


_ENV.filters.update(
    num=i18n.number, pct=i18n.percent, day=i18n.day, answer=_answer, column=wording.column
)


def render(report: ReportContent) -> str:
    """The report as HTML, in the language in use (wrap the call in `i18n.using(lang)`)."""
    title, subtitle = wording.title(report)
    return _ENV.from_string(TEMPLATE).render(
        report=report,
        t=SimpleNamespace(**wording.texts(report)),  # `t.items` is a text, not dict.items
        responded=wording.responded,
        lang=i18n.current() if i18n.current() != i18n.PSEUDO else i18n.SOURCE,
        title=title,
        subtitle=subtitle,
        knowledge_note=_(prepost_wording.KNOWLEDGE_NOTE),  # the same words as the staff pages
        css=Markup(CSS),  # noqa: S704 - our constant
    )


def filename(report: ReportContent, today: date) -> str:
    codes = "-".join(s.code for s in report.sessions[:3])
    more = f"-and-{len(report.sessions) - 3}-more" if len(report.sessions) > 3 else ""
    return f"workshop-report-{codes}{more}-{today.isoformat()}.html"
