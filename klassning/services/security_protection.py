"""Säkerhetsskydd: when an asset is flagged, its earlier details leave the database for good.

Work under säkerhetsskyddslagen is out of the portal's scope and must not be recorded here in
detail. The flag's rule (``assets._check_security_protection``) keeps the live asset to its name,
unit, note and the flag (``klassning.history.SECURITY_PROTECTION_SHOWN``) and refuses details,
IT-service links and classifications. Hiding the history in pages is not enough: the earlier
values stay in the history tables. ``scrub_asset_history`` blanks them in every historical record
of the asset and of its (since removed) classifications and their judgements, in the caller's
transaction. The history rows themselves stay, so who changed the asset and when is still
known; only the detail fields are replaced by ``REDACTED`` (choices and flags by their neutral
value). The IT-service link snapshots that name the asset are removed: the link itself is the
detail (which systems handle the information); the services' own history rows stay.

Takes a model registry so the data migration that scrubs assets flagged before this existed
(``klassning/migrations/0005_scrub_security_protection_history``) runs the same code.
"""

from __future__ import annotations

from django.apps import apps as django_apps

# Stored data, not user interface text: the same in every language.
REDACTED = "[borttaget: säkerhetsskydd]"

ASSET_TEXT_FIELDS = (
    "description", "process", "responsible", "osl_provision", "archive_rule",
    "history_change_reason",
)
CLASSIFICATION_TEXT_FIELDS = (
    "profile", "comment", "below_minimum_motivation", "history_change_reason",
)
ASSESSMENT_TEXT_FIELDS = ("motivation", "history_change_reason")


def _redact_text(queryset, fields) -> None:
    """Every non-empty value of ``fields`` becomes ``REDACTED``: one UPDATE per field. A field
    the model does not have yet (an earlier migration's state) is skipped."""
    existing = {f.name for f in queryset.model._meta.get_fields()}
    for name in (f for f in fields if f in existing):
        queryset.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""}).exclude(
            **{name: REDACTED}
        ).update(**{name: REDACTED})


def scrub_asset_history(*, asset_id: int, registry=None) -> None:
    """Blank the details of asset ``asset_id`` in all history (see the module docstring)."""
    registry = registry or django_apps
    asset_history = registry.get_model("klassning", "HistoricalInformationAsset").objects
    classification_history = registry.get_model("klassning", "HistoricalClassification").objects
    assessment_history = registry.get_model(
        "klassning", "HistoricalClassificationAssessment"
    ).objects
    link_history = registry.get_model("klassning", "HistoricalITService_assets").objects

    records = asset_history.filter(id=asset_id)
    _redact_text(records, ASSET_TEXT_FIELDS)
    records.exclude(personal_data="none").update(personal_data="none")
    records.filter(osl_secrecy=True).update(osl_secrecy=False)

    classifications = classification_history.filter(asset_id=asset_id)
    _redact_text(classifications, CLASSIFICATION_TEXT_FIELDS)
    judgements = assessment_history.filter(
        classification_id__in=classifications.values("id")
    )
    _redact_text(judgements, ASSESSMENT_TEXT_FIELDS)
    judgements.exclude(level=0).update(level=0)

    link_history.filter(informationasset_id=asset_id).delete()
