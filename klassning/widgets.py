"""The classification form's widgets, rendered in Python.

The form has a level, an "ej relevant" box and a motivation for every aspect × consequence
category (84 fields): rendering each through Django's widget templates (a template, an
``attrs`` include and one include per option) was half of the page's time. These widgets take
Django's own context (``get_context``: the same attributes, ``aria-*`` included, the same
options) and write the same HTML as Django's templates ``django/forms/widgets/select.html``,
``select_option.html``, ``textarea.html`` and ``input.html`` (a test compares them), through
the portal's form renderer's own writers (``isms.form_renderer``): one implementation.
"""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe

from isms.form_renderer import write_input, write_select, write_textarea


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(write_select(self.get_context(name, value, attrs)["widget"]))  # noqa: S308


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(write_textarea(self.get_context(name, value, attrs)["widget"]))  # noqa: S308


class FastCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(write_input(self.get_context(name, value, attrs)["widget"]))  # noqa: S308
