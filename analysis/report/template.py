"""The report's Jinja2 template: a front part for the facilitator, then the researchers' appendix.

Everything sits in a landmark (header, main with one labelled section per part,
footer), so a screen reader can jump between parts and axe's "region" rule holds.
The front part speaks in plain words and published counts only: no statistics,
no internal ids. The appendix starts on a new printed page.

The report's own words are not in these strings: they are `t.<name>`, marked and
translated in analysis/report/wording.py, so a report is written in the language
in use (`i18n.using`). Numbers go through the `num` and `pct` filters (Babel).
"""

FRONT = """
<section aria-labelledby="who">
<h2 id="who">{{ t.who }}</h2>
<p>{{ t.who_took_part }}</p>
{% if report.pooled %}<p>{{ t.pooled_same_way }}</p>{% endif %}
<p>{{ t.nobody_named }}</p>
</section>

{% if report.knowledge %}
<section aria-labelledby="knew">
<h2 id="knew">{{ t.knew }}</h2>
<table class="front">
<thead><tr><th scope="col">{{ t.question }}</th><th scope="col">{{ t.right_answer }}</th><th scope="col">{{ t.how_many_correct }}</th></tr></thead>
<tbody>{% for line in report.knowledge %}<tr><td>{{ line.statement }}</td><td>{{ line.keyed }}</td><td>{{ line.result }}</td></tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}

{% if report.scale_changes %}
<section aria-labelledby="changed">
<h2 id="changed">{{ t.changed }}</h2>
<ul>{% for line in report.scale_changes %}<li><strong>{{ line.question }}.</strong> {{ line.sentence }}</li>{% endfor %}</ul>
</section>
{% endif %}

<section aria-labelledby="said">
<h2 id="said">{{ t.said }}</h2>
<table class="front">
<thead><tr><th scope="col">{{ t.question }}</th><th scope="col">{{ t.said }}</th></tr></thead>
<tbody>{% for line in report.answers %}<tr><td>{{ line.question }}</td><td>{{ line.said }}</td></tr>{% endfor %}</tbody>
</table>
{% if report.pooled %}<p class="note">{{ t.not_pooled_kinds }}</p>{% endif %}
<p class="note">{{ t.appendix_has }}</p>
</section>
"""

QUESTIONS = """
<section aria-labelledby="every">
<h3 id="every">{{ t.every }}</h3>
{% for q in report.questions %}
<section class="question" aria-labelledby="q{{ loop.index }}">
<div class="keep">
<h4 id="q{{ loop.index }}">{{ loop.index }}. {{ q.question.text }}</h4>
<p class="note">{{ responded(q.responded) }}</p>
{% if q.svg %}<figure aria-label="{{ t.chart.format(title=q.question.text) }}">{{ q.svg|safe }}</figure>{% endif %}
</div>
{% if q.rows %}<table class="counts{{ ' labelled' if q.labelled else '' }}"><thead><tr><th scope="col">{{ t.answer }}</th><th scope="col">{{ t.people }}</th><th scope="col">{{ t.share }}</th></tr></thead>
<tbody>{% for row in q.rows %}<tr><td>{{ row.label|answer }}</td>
<td class="num">{{ row.text.split(": ", 1)[1] if row.count is none else row.count|num }}</td>
<td class="num">{{ "" if row.count is none else row.share|pct }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if q.words %}<table><thead><tr><th scope="col">{{ t.word }}</th><th scope="col">{{ t.people_who_gave_it }}</th></tr></thead>
<tbody>{% for w in q.words %}<tr><td>{{ w.word }}</td><td class="num">{{ w.participants|num }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% for note in q.notes %}<p class="note">{{ note }}</p>{% endfor %}
{% if q.texts %}<p>{{ t.approved_answers }}</p>
<ul class="texts">{% for text in q.texts %}<li>{{ text }}</li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
</section>
"""

STATISTICS = """
{% macro stats_table(lines) %}<table class="stats">
<thead><tr>{% for c in lines[0].stats %}<th scope="col">{{ c|column }}</th>{% endfor %}</tr></thead>
<tbody>{% for line in lines %}<tr>{% for v in line.stats.values() %}<td>{{ "" if v is none else v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>{% endmacro %}
{% if report.changes %}
<section aria-labelledby="effects">
<h3 id="effects">{{ t.effects }}</h3>
{% if report.prepost_svg %}<figure class="effect" aria-labelledby="effect-caption">
<figcaption id="effect-caption">{{ t.effect_caption }}</figcaption>
{{ report.prepost_svg|safe }}</figure>{% endif %}
{% if report.scale_changes %}<h4>{{ t.scales }}</h4>{{ stats_table(report.scale_changes) }}{% endif %}
{% if report.knowledge_changes %}<h4>{{ t.knowledge_items }}</h4>
<p class="note">{{ knowledge_note }}</p>
{{ stats_table(report.knowledge_changes) }}{% endif %}
{% if report.forest_rows %}
<h4>{{ t.per_session }}</h4>
{% for title, svg in report.forest_svgs %}
<figure aria-label="{{ t.forest_plot.format(title=title) }}">{{ svg|safe }}</figure>
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
<h3 id="items">{{ t.items }}</h3>
<p>{{ t.items_intro }}</p>
{% set ns = namespace(retro=false) %}
{% for table in report.item_tables %}
{% if table.retrospective and not ns.retro %}{% set ns.retro = true %}
<p class="note"><strong>{{ t.retro_title }}</strong> {{ t.retro_note }}</p>
{% endif %}
<section class="question" aria-labelledby="items{{ loop.index }}">
<h4 id="items{{ loop.index }}">{{ table.heading }}</h4>
<table class="stats">
<thead><tr><th scope="col">{{ t.question }}</th>{% if table.knowledge %}<th scope="col">{{ t.answered_correctly }}</th>{% endif %}<th scope="col">{{ t.item_rest }}</th></tr></thead>
<tbody>{% for line in table.lines %}<tr><td>{{ line.text }}</td>{% if table.knowledge %}<td>{{ line.difficulty }}</td>{% endif %}<td>{{ line.discrimination }}</td></tr>{% endfor %}</tbody>
</table>
{% if table.scale_line %}<p class="note">{{ table.scale_line }}</p>{% endif %}
{% if table.knowledge %}<p class="note">{{ t.not_shown_note }}</p>{% endif %}
</section>
{% endfor %}
</section>
{% endif %}
"""
