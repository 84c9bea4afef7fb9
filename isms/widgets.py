"""Widgets that render the same HTML as Django's, cheaper.

``FastSelect``: Django renders a ``<select>`` through a template include per ``<option>``
(``select_option.html`` and ``attrs.html``), ~30 µs an option: a filter's list of a thousand
people cost ~25 ms a page at city scale. This one takes the same context (``get_context``:
the same options, labels, selection and attributes) and writes the markup in Python, by the
portal's form renderer's writer (``isms.form_renderer.write_select``, also used for every plain
``Select``): the same HTML as Django's templates.
"""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe

from isms.form_renderer import write_select


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(write_select(widget))  # noqa: S308 - every value is escaped there


class FastSelectsMixin:
    """For a form: every plain ``Select`` of its fields rendered by ``FastSelect`` (the same
    attributes and choices). Put it before the form class in the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
                fast.is_required = widget.is_required
                field.widget = fast
