"""The portal's form renderer (``FORM_RENDERER``): Django's, with the common widgets written in
Python.

Django renders every widget through its template engine: a ``<select>`` is a template, an
``attrs`` include and one include per ``<option>`` (~30 µs an option), an ``<input>`` two nested
includes. A register's filter form with a list of units, or a form with a list of people, cost
several ms on every page that shows one. This renderer takes the same context Django builds
(``Widget.get_context``: name, value, attributes — ``aria-*`` included — and the options) and
writes the same HTML as Django's templates ``select.html``, ``select_option.html``,
``input.html`` (and the input types including it) and ``textarea.html``; every other template
(radio buttons, file inputs with a clear box, the forms' own layouts) is rendered as before.
``tests/isms/test_form_renderer_f.py`` compares the two for each widget handled here.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

_WIDGETS = "django/forms/widgets/"


def escape_text(value) -> str:
    """``conditional_escape(value)``; for plain text (``str`` itself: not marked safe, not
    lazy) Django's ``escape`` is ``html.escape``, called here without its wrappers (a form
    writes a thousand of these)."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    """As ``attrs.html``: ``False`` left out, ``True`` as a bare name, the rest ``|stringformat:'s'``."""
    return "".join(
        f" {escape_text(name)}" if value is True
        else f' {escape_text(name)}="{_string(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless the value was safe."""
    return escape_text(value if isinstance(value, str) else str(value))


def _shown(value) -> str:
    """``{{ value }}``: localized, escaped (``render_value_in_context``)."""
    if type(value) is str:  # text is neither localized nor a time
        return html.escape(value)
    return conditional_escape(localize(template_localtime(value)))


def write_attrs(attrs: dict) -> str:
    """A widget's attributes as ``attrs.html`` writes them (escaped), with a leading space each."""
    return _attrs(attrs)


def write_option(value, label, attrs: dict) -> str:
    """One ``select_option.html`` (escaped): ``attrs`` is ``{"selected": True}`` or ``{}``."""
    # The option template's own line break stays: an include is not stripped.
    return f'\n  <option value="{_string(value)}"{_attrs(attrs)}>{_shown(label)}</option>\n'


def write_select(widget: dict) -> str:
    """``select.html`` with its options, from ``Widget.get_context``'s ``widget`` (escaped)."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            parts.append(write_option(option["value"], option["label"], option["attrs"]))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def write_input(widget: dict) -> str:
    """``input.html`` (every input type including it), from the widget's context (escaped)."""
    value = f' value="{_string(widget["value"])}"' if widget["value"] is not None else ""
    return (f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
            f'{_attrs(widget["attrs"])}>')


def write_textarea(widget: dict) -> str:
    """``textarea.html``, from the widget's context (escaped)."""
    text = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


# Templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
_INPUT_TYPES = ("input", "text", "number", "email", "url", "password", "hidden", "date",
                "datetime", "time", "search", "tel", "color", "checkbox", "file")
_FAST = {
    f"{_WIDGETS}select.html": write_select,
    f"{_WIDGETS}textarea.html": write_textarea,
    **{f"{_WIDGETS}{name}.html": write_input for name in _INPUT_TYPES},
}


class FastTemplates(DjangoTemplates):
    """``django.forms.renderers.DjangoTemplates`` (the default), with the widgets above written
    in Python. A widget whose ``template_name`` a project changes is rendered by its template."""

    def render(self, template_name, context, request=None):
        fast = _FAST.get(template_name)
        if fast is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        return fast(context["widget"])
