"""A broken chain is an alarm for the city-wide security function: a notification to each of
its members (when the notification app is installed) and the red panel on their start page
(``templates/sparbarhet/start_panel.html``)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

KIND_CHAIN_BROKEN = "audit_chain_broken"


def security_function_members():
    from nämnder.models import Role

    return get_user_model().objects.filter(
        is_active=True, memberships__role=Role.SECURITY_FUNCTION
    ).distinct()


def chain_broken(*, verification) -> None:
    if not apps.is_installed("notifieringar"):
        return
    from notifieringar.services import notify

    notify(
        recipients=list(security_function_members()), kind=KIND_CHAIN_BROKEN,
        title=_("Granskningsloggens kedja är bruten"),
        body=_(
            "Kontrollen %(when)s fann att granskningsloggen har ändrats: %(message)s "
            "Utred vem som har haft skrivbehörighet till databasen och när."
        ) % {"when": verification.started_at.strftime("%Y-%m-%d %H:%M"),
             "message": verification.message},
        link=reverse("sparbarhet:verification_list"),
        # One alarm per break as found (the same break found again night after night is not
        # new; the same event changed again after a review is).
        dedupe_key=f"granskningslogg-bruten:{verification.fingerprint[:16] or verification.first_broken_seq}",
    )
