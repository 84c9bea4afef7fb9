"""The classification form's widgets, rendered in Python.

The form has a level, an "ej relevant" box and a motivation for every aspect × consequence
category (84 fields): rendering each through Django's widget templates (a template, an
``attrs`` include and one include per option) was half of the page's time. These widgets take
Django's own context (``get_context``: the same attributes, ``aria-*`` included, the same
options) and write the same HTML as Django's templates ``django/forms/widgets/select.html``,
``select_option.html``, ``textarea.html`` and ``input.html`` (a test compares them).
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'
                )  # the option template's own line break, as Django writes it
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308 (every value escaped)
            f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f"{text}</textarea>"
        )


class FastCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = (
            f' value="{conditional_escape(str(widget["value"]))}"'
            if widget["value"] is not None else ""
        )
        return mark_safe(  # noqa: S308 (every value escaped)
            f'<input type="{widget["type"]}" name="{conditional_escape(widget["name"])}"'
            f'{shown}{_attrs(widget["attrs"])}>'
        )
