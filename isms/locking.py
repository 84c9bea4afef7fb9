"""Optimistic locking, in one place.

Versioned models carry ``version``. A form posts the version it was opened at (``VersionMixin``);
the service locks the row, refuses a stale save with a Swedish message (``check_version``) and
bumps the version (``versioned_update``); the view puts the refusal, and any field errors of the
service, back on the form with the user's input (``add_errors``). A single button (submit,
approve) posts the version it was rendered at, read with ``posted_version``.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .integrity import unique_violation_as_validation_error


class StaleObjectError(ValidationError):
    """Someone else saved the object after this form was opened (optimistic locking)."""


def check_version(instance, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != instance.version:
        raise StaleObjectError(
            _(
                "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
                "Dina ändringar är inte sparade men finns kvar i formuläret: "
                "jämför med den aktuella versionen och spara igen."
            ),
            code="stale",
        )


@transaction.atomic
def versioned_update(
    *, instance: models.Model, actor, expected_version: int | None, fields: dict,
    allowed: tuple[str, ...], check: Callable[[models.Model], None] | None = None,
    reason: str = "",
):
    """Lock ``instance``'s row, refuse a stale version, set the ``allowed`` ``fields``, validate
    (``full_clean``, then ``check(fresh)`` for the caller's own rules), bump the version and save
    with ``actor`` in the history (and ``reason``, at most 100 characters, as the record's change
    reason, shown on the history pages). Returns the fresh instance."""
    obj = type(instance).objects.select_for_update().get(pk=instance.pk)
    check_version(obj, expected_version)
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)
    obj.full_clean()
    if check is not None:
        check(obj)
    obj.version += 1
    obj._history_user = actor
    if reason:
        obj._change_reason = reason[:100]
    with unique_violation_as_validation_error(obj):
        obj.save()
    return obj


class VersionMixin:
    """A form carrying the version its object was opened at, in a hidden ``version`` field."""

    def _init_version(self, instance=None):
        instance = self.instance if instance is None else instance
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        if not self.is_bound and instance.pk:
            self.initial["version"] = instance.version


def add_errors(form, exc: ValidationError) -> None:
    """Service errors onto the form: on the field when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def posted_version(request) -> int:
    """The version a button's form was rendered at; junk counts as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
