"""Text input rules shared by every app: no control characters.

A control character (U+0000–U+001F, U+007F) cannot be typed on purpose, is invisible on the
page and breaks the Excel exports for everyone (openpyxl refuses it). So text is checked at
input, once:

- model fields carry ``reject_control_characters`` (one line) or
  ``reject_control_characters_multiline`` (a text area: tab, newline and CR allowed), so both a
  ``ModelForm`` and a service's ``full_clean()`` refuse it;
- forms with text fields that are not model fields (filters, comments, a username to look up)
  use ``ControlCharacterFormMixin``, which puts the right rule on every text field.

Data stored before these rules is cleaned on the way out (``isms.exports``).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every C0 control character and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# The same without tab, newline and carriage return, which a text area may hold.
CONTROL_CHARACTERS_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MESSAGE = _(
    "Texten innehåller otillåtna styrtecken (osynliga tecken, t.ex. från en inklistrad text). "
    "Ta bort dem och försök igen."
)
CODE = "control_characters"


def reject_control_characters(value) -> None:
    """A one-line text: no control character at all (not even tab or newline)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(MESSAGE, code=CODE)


def reject_control_characters_multiline(value) -> None:
    """A multi-line text: tab, newline and carriage return are allowed, nothing else."""
    if isinstance(value, str) and CONTROL_CHARACTERS_MULTILINE.search(value):
        raise ValidationError(MESSAGE, code=CODE)


def strip_control_characters(text: str) -> str:
    """The text without the characters the multi-line rule refuses (for data stored before
    the rules existed)."""
    return CONTROL_CHARACTERS_MULTILINE.sub("", text)


_RULES = (reject_control_characters, reject_control_characters_multiline)


def attach_control_character_rule(field: forms.Field) -> None:
    """Put the right rule on one form text field (a text area may hold line breaks).

    Password fields are left alone: a password is never shown or exported.
    """
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return
    if any(rule in field.validators for rule in _RULES):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    field.validators.append(
        reject_control_characters_multiline if multiline else reject_control_characters
    )


class ControlCharacterFormMixin:
    """Every text field of the form refuses control characters with a Swedish field error.

    The rules are attached when the form is validated, so fields a form adds in its own
    ``__init__`` (e.g. one per matrix cell) are covered too.
    """

    def full_clean(self):
        for field in self.fields.values():
            attach_control_character_rule(field)
        super().full_clean()


# For model fields: ``models.CharField(..., validators=ONE_LINE)``, ``TextField``: MULTI_LINE.
ONE_LINE = [reject_control_characters]
MULTI_LINE = [reject_control_characters_multiline]


def validate_one_line_fields(instance, field_names) -> None:
    """For models whose fields carry no rule of ours (Django's user): refuse control
    characters in the named fields, with the error on each field."""
    errors = {}
    for name in field_names:
        try:
            reject_control_characters(getattr(instance, name))
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
