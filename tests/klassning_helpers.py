"""Helpers for the classification tests: build assets and classifications through the services."""

from klassning import services
from klassning.models import Aspect, ConsequenceCategory, ITServiceKind


def make_asset(unit, actor, name="Elevregister", **fields):
    return services.asset_create(actor=actor, unit=unit, name=name, **fields)


def make_service(unit, actor, name="Skolplattformen", user_units=(), **fields):
    fields.setdefault("kind", ITServiceKind.SYSTEM)
    return services.it_service_create(
        actor=actor, unit=unit, name=name, user_units=user_units, **fields
    )


def assessments(levels: dict[str, int], *, peaks: dict[tuple[str, str], int] | None = None):
    """Every aspect × category at ``levels[aspect]`` minus one (not below 0), except one category
    per aspect at the level itself, or the given ``peaks`` {(aspect, category code): level}."""
    peaks = peaks or {}
    categories = list(ConsequenceCategory.objects.filter(is_active=True))
    cells = {}
    for aspect in Aspect.objects.all():
        top = levels.get(aspect.code, 0)
        for i, category in enumerate(categories):
            level = peaks.get((aspect.code, category.code))
            if level is None:
                level = top if i == 0 else max(top - 1, 0)
            cells[(aspect.pk, category.pk)] = (level, f"Motivering {aspect.code} {category.name}")
    return cells


def draft(asset, actor, levels, below_minimum_motivation="Bedömt lägre än förslaget", **kw):
    """A complete draft; ``below_minimum_motivation`` answers a level below what the asset's
    personal data suggests (blank it to test that rule)."""
    c = services.classification_start(actor=actor, asset=asset)
    return services.classification_save(
        actor=actor, classification=c, expected_version=c.version,
        assessments=assessments(levels, **kw), below_minimum_motivation=below_minimum_motivation,
    )


def approved(asset, submitter, approver, levels, **kw):
    c = draft(asset, submitter, levels, **kw)
    c = services.classification_submit(actor=submitter, classification=c, expected_version=c.version)
    return services.classification_approve(
        actor=approver, classification=c, expected_version=c.version
    )
