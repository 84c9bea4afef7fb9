"""The classification form's cells (one per aspect × consequence category), written in Python.

Each of the form's 28 cells was a template loop body of ~40 tags and three widgets: rendering
them was most of the page's time. :class:`CellWriter` writes the same HTML from the same bound
fields (``BoundField.value``, ``errors``, ``build_widget_attrs``: data, initial values, errors
and ``aria-*`` exactly as Django has them) with every value escaped, and each category's
level criteria once per page. ``tests/klassning/test_classification_cells_c.py`` compares it
with the template it replaces and each widget with Django's own rendering.
"""

from __future__ import annotations

from django.utils.translation import gettext

from isms.form_renderer import escape_text, write_attrs, write_input, write_option, write_textarea


def _widget(bound, **attrs) -> tuple:
    """As ``BoundField.as_widget``: the widget, its value (``format_value``) and attributes."""
    widget = bound.field.widget
    extra = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        extra.setdefault("id", bound.auto_id)
    return widget, bound.value(), {**widget.attrs, **extra, **attrs}


class CellWriter:
    """Writes one form's cells; what every cell shares (labels, options, criteria) once."""

    def __init__(self):
        # ``{% translate "Nivå" as l_level %}`` etc., shown as ``{{ l_level }}``.
        self.l_level = escape_text(gettext("Nivå"))
        self.l_not_relevant = escape_text(gettext("Ej relevant"))
        self.l_motivation = escape_text(gettext("Motivering"))
        self._options: dict = {}  # (choices, selected value) -> the <option>s
        self._criteria: dict = {}  # category id -> its <dt>/<dd> pairs

    def select(self, bound) -> str:
        """``select.html``: a single choice, flat options."""
        widget, value, attrs = _widget(bound)
        selected = widget.format_value(value)
        key = (id(widget.choices), tuple(selected))
        options = self._options.get(key)
        if options is None:
            parts, chosen = [], False
            for option_value, label in widget.choices:
                option_value = "" if option_value is None else option_value
                hit = not chosen and str(option_value) in selected
                chosen |= hit
                parts.append(write_option(option_value, label, {"selected": True} if hit else {}))
            options = self._options[key] = "".join(parts)
        name = escape_text(bound.html_name)
        return f'<select name="{name}"{write_attrs(attrs)}>{options}\n</select>'

    @staticmethod
    def checkbox(bound) -> str:
        widget, value, attrs = _widget(bound)
        if widget.check_test(value):
            attrs["checked"] = True
        return write_input({
            "type": widget.input_type, "name": bound.html_name,
            "value": widget.format_value(value), "attrs": attrs,
        })

    @staticmethod
    def textarea(bound) -> str:
        widget, value, attrs = _widget(bound)
        return write_textarea({
            "name": bound.html_name, "value": widget.format_value(value), "attrs": attrs,
        })

    def criteria(self, category, criteria) -> str:
        html = self._criteria.get(category.pk)
        if html is None:
            html = self._criteria[category.pk] = "".join(
                f"<dt>{escape_text(c['value'])} – {escape_text(c['name'])}</dt>"
                f"<dd>{escape_text(c['text'] or '–')}</dd>"
                for c in criteria
            )
        return html

    @staticmethod
    def _errors(bound, errors) -> str:
        if not errors:
            return ""
        shown = "".join(f'<p class="field-error">{escape_text(e)}</p>' for e in errors)
        return f'<div id="{escape_text(bound.auto_id)}_error">{shown}</div>'

    def cell(self, *, key, aspect, category, criteria, level, not_relevant, motivation) -> str:
        """One cell's ``<fieldset>``, as the loop body of the form's template wrote it (the
        loop's own line breaks included)."""
        level_errors, motivation_errors = level.errors, motivation.errors
        e = escape_text
        guidance = (
            f'<p class="help">{e(category.guidance)}</p>' if category.guidance else ""
        )
        summary = gettext("Vad nivåerna betyder för %(c)s") % {"c": e(category.name)}
        return (
            f'\n    <fieldset class="cell{" has-error" if level_errors or motivation_errors else ""}">'
            f'\n      <legend>{e(category.name)}<span class="visually-hidden"> – {e(aspect.name)}'
            f'</span></legend>'
            f'\n      {guidance}'
            f'\n      <div class="cell-fields">'
            f'\n        <div class="cell-level">'
            f'\n          <label for="{e(level.id_for_label)}"><span aria-hidden="true">'
            f'{self.l_level}</span><span class="visually-hidden">{e(level.label)}</span></label>'
            f'\n          {self._errors(level, level_errors)}'
            f'\n          {self.select(level)}'
            f'\n          <div class="not-relevant-box">{self.checkbox(not_relevant)} '
            f'<label for="{e(not_relevant.id_for_label)}"><span aria-hidden="true">'
            f'{self.l_not_relevant}</span><span class="visually-hidden">{e(not_relevant.label)}'
            f'</span></label></div>'
            f'\n        </div>'
            f'\n        <div class="cell-motivation">'
            f'\n          <label for="{e(motivation.id_for_label)}"><span aria-hidden="true">'
            f'{self.l_motivation}</span><span class="visually-hidden">{e(motivation.label)}'
            f'</span></label>'
            f'\n          {self._errors(motivation, motivation_errors)}'
            f'\n          {self.textarea(motivation)}'
            f'\n        </div>'
            f'\n      </div>'
            f'\n      <details class="criteria">'
            f'\n        <summary>{summary}</summary>'
            f'\n        <dl id="criteria-{e(key)}">'
            f'\n          {self.criteria(category, criteria)}'
            f'\n        </dl>'
            f'\n      </details>'
            f'\n    </fieldset>'
            f'\n    '
        )
