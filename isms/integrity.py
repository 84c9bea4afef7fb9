"""A unique constraint hit by a simultaneous save (a double-click, two people at once) is a form
error, not a 500.

A form's ``validate_unique`` and a service's ``full_clean`` run before the INSERT or UPDATE: two
requests can both pass them, and the second write then fails on the database's constraint. Wrap
the write in :func:`unique_violation_as_validation_error` inside the service's atomic block: the
failed statement is rolled back to a savepoint and the same Swedish message the form would have
shown (the model's own ``validate_unique``/``validate_constraints``) is raised as a
``ValidationError``, which views put on the form.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for unique_violation


def is_unique_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    code = getattr(cause, "pgcode", None) or getattr(getattr(cause, "diag", None), "sqlstate", None)
    if code:
        return code == UNIQUE_VIOLATION
    return "UNIQUE constraint failed" in str(exc)  # SQLite


def duplicate_error(instance: models.Model | None = None) -> ValidationError:
    """The message for a duplicate ``instance``: the model's own unique/constraint error when it
    can be found again (it names the fields), else a general one."""
    if instance is not None:
        # Its own row (a failed update) does not count: Django excludes the instance's pk.
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as error:
            return error
    return ValidationError(
        _(
            "Uppgiften finns redan: den sparades nyss, kanske av ett dubbelklick eller av någon "
            "annan samtidigt. Kontrollera uppgifterna och försök igen."
        ),
        code="unique",
    )


@contextmanager
def unique_violation_as_validation_error(
    instance: models.Model | None = None, *, error: ValidationError | None = None
):
    """Run the block in a savepoint; a unique violation becomes a ``ValidationError``: ``error``
    if given, else the model's own message for ``instance`` (see the module). Other integrity
    errors are not a user's doing and propagate."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        if error is not None:
            raise error from exc
        if instance is not None and instance._state.adding:
            instance.pk = None  # it was never saved: look for the row that was
        raise duplicate_error(instance) from exc
