"""The report's Jinja2 template: a front part for the facilitator, then the researchers' appendix.

Everything sits in a landmark (header, main with one labelled section per part,
footer), so a screen reader can jump between parts and axe's "region" rule holds.
The front part speaks in plain words and published counts only: no statistics,
no internal ids. The appendix starts on a new printed page.
"""

FRONT = """
<section aria-labelledby="who">
<h2 id="who">Who took part</h2>
{% if not report.pooled %}{% set s = report.sessions[0] %}
<p>{{ s.joined }} {{ "person" if s.joined == 1 else "people" }} joined with the session code,
{{ s.consented }} agreed to take part and {{ s.finished }} answered to the end.</p>
{% else %}
<p>{{ report.sessions|length }} sessions of the same survey, taken together:
{{ report.sessions|sum(attribute="joined") }} people joined, {{ report.sessions|sum(attribute="consented") }}
agreed to take part and {{ report.sessions|sum(attribute="finished") }} answered to the end.
Only the questions every session asked the same way are shown.</p>
{% endif %}
<p>Nobody gave a name. Every figure below is a group total, and a group smaller than
{{ report.k }} people is never shown.</p>
</section>

{% if report.knowledge %}
<section aria-labelledby="knew">
<h2 id="knew">What the room knew</h2>
<table class="front">
<thead><tr><th scope="col">Question</th><th scope="col">Right answer</th><th scope="col">How many answered correctly</th></tr></thead>
<tbody>{% for line in report.knowledge %}<tr><td>{{ line.statement }}</td><td>{{ line.keyed }}</td><td>{{ line.result }}</td></tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}

{% if report.scale_changes %}
<section aria-labelledby="changed">
<h2 id="changed">Before and after the modules</h2>
<ul>{% for line in report.scale_changes %}<li><strong>{{ line.question }}.</strong> {{ line.sentence }}</li>{% endfor %}</ul>
</section>
{% endif %}

<section aria-labelledby="said">
<h2 id="said">What the room answered</h2>
<table class="front">
<thead><tr><th scope="col">Question</th><th scope="col">What the room answered</th></tr></thead>
<tbody>{% for line in report.answers %}<tr><td>{{ line.question }}</td><td>{{ line.said }}</td></tr>{% endfor %}</tbody>
</table>
{% if report.pooled %}<p class="note">Number, slider, ranking, word and free-text questions are
not pooled across sessions (their bins and words differ from room to room); each session's own
report shows them.</p>{% endif %}
<p class="note">The appendix has every question's chart and the statistics for researchers.</p>
</section>
"""

QUESTIONS = """
<section aria-labelledby="every">
<h3 id="every">A. Every question, as the room saw it</h3>
{% for q in report.questions %}
<section class="question" aria-labelledby="q{{ loop.index }}">
<div class="keep">
<h4 id="q{{ loop.index }}">{{ loop.index }}. {{ q.question.text }}</h4>
<p class="note">{{ q.responded }} responded.</p>
{% if q.svg %}<figure aria-label="Chart: {{ q.question.text }}">{{ q.svg|safe }}</figure>{% endif %}
</div>
{% if q.rows %}<table class="counts{{ ' labelled' if q.labelled else '' }}"><thead><tr><th scope="col">Answer</th><th scope="col">People</th><th scope="col">Share</th></tr></thead>
<tbody>{% for row in q.rows %}<tr><td>{{ row.label }}</td>
<td class="num">{{ row.text.split(": ", 1)[1] if row.count is none else row.count }}</td>
<td class="num">{{ "" if row.count is none else "%.0f%%"|format(row.share * 100) }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if q.words %}<table><thead><tr><th scope="col">Word</th><th scope="col">People who gave it</th></tr></thead>
<tbody>{% for w in q.words %}<tr><td>{{ w.word }}</td><td class="num">{{ w.participants }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% for note in q.notes %}<p class="note">{{ note }}</p>{% endfor %}
{% if q.texts %}<p>Approved answers (in no particular order):</p>
<ul class="texts">{% for t in q.texts %}<li>{{ t }}</li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
</section>
"""

STATISTICS = """
{% macro stats_table(lines) %}<table class="stats">
<thead><tr>{% for c in lines[0].stats %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for line in lines %}<tr>{% for v in line.stats.values() %}<td>{{ "" if v is none else v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>{% endmacro %}
{% if report.changes %}
<section aria-labelledby="effects">
<h3 id="effects">B. Before and after: effect sizes</h3>
{% if report.prepost_svg %}<figure class="effect" aria-labelledby="effect-caption">
<figcaption id="effect-caption">How far answers moved between before and after, per question: the
matched-pairs rank-biserial r (−1 to +1) with its 95% interval. For a knowledge item, to the right
means more people answered correctly after the modules.</figcaption>
{{ report.prepost_svg|safe }}</figure>{% endif %}
{% if report.scale_changes %}<h4>Ratings and scales</h4>{{ stats_table(report.scale_changes) }}{% endif %}
{% if report.knowledge_changes %}<h4>Knowledge items (scored right or wrong)</h4>
<p class="note">{{ knowledge_note }}</p>
{{ stats_table(report.knowledge_changes) }}{% endif %}
{% if report.forest_rows %}
<h4>Effect per session (forest plots)</h4>
{% for title, svg in report.forest_svgs %}
<figure aria-label="Forest plot: {{ title }}">{{ svg|safe }}</figure>
{% endfor %}
<table class="stats">
<thead><tr>{% for c in report.forest_rows[0] %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in report.forest_rows %}<tr>{% for v in row.values() %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% endif %}
</section>
{% endif %}
"""

ITEMS = """
{% if report.item_tables %}
<section aria-labelledby="items">
<h3 id="items">C. Item statistics</h3>
<p>How well each knowledge item and multi-item scale worked. Difficulty is the share who gave the
keyed answer, of those who answered ("don't know" counts as not correct; "prefer not to answer"
is left out). Item-rest correlation is the item's correlation with the sum of the other items
(discrimination: near 0 or negative means the item does not go with the rest). KR-20 and
Cronbach's alpha describe the consistency of the items as a scale, over the people who answered
every one of them.</p>
{% set ns = namespace(retro=false) %}
{% for t in report.item_tables %}
{% if t.retrospective and not ns.retro %}{% set ns.retro = true %}
<p class="note"><strong>Retrospective "before" ratings</strong> were asked after the modules about
how things were before: reported apart from the pre-test, since looking back is not the same
measurement.</p>
{% endif %}
<section class="question" aria-labelledby="items{{ loop.index }}">
<h4 id="items{{ loop.index }}">{{ t.heading }}</h4>
<table class="stats">
<thead><tr><th scope="col">Question</th>{% if t.knowledge %}<th scope="col">Answered correctly</th>{% endif %}<th scope="col">Item-rest correlation</th></tr></thead>
<tbody>{% for line in t.lines %}<tr><td>{{ line.text }}</td>{% if t.knowledge %}<td>{{ line.difficulty }}</td>{% endif %}<td>{{ line.discrimination }}</td></tr>{% endfor %}</tbody>
</table>
{% if t.scale_line %}<p class="note">{{ t.scale_line }}</p>{% endif %}
{% if t.knowledge %}<p class="note">"Not shown": the figure would reveal a group smaller than
{{ report.k }}, or counts that the question's chart in part A hides.</p>{% endif %}
</section>
{% endfor %}
</section>
{% endif %}
"""
