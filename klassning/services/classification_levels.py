"""The per-aspect levels kept on each classification (``ClassificationAspectLevel``).

The assessments are the truth: an aspect's level is the highest level of its assessments in the
*active* consequence categories (``levels.aspect_levels``). These rows mirror that so the pages
that take a maximum over many classifications (the IT-service list and page, the action plans
and their plan recomputation) read one row per aspect instead of one per category.

Kept in the same transaction by every service that writes assessments
(``classification_start``, ``classification_save``, and ``classification_approve`` once more)
and by :func:`consequence_category_save` when a category is retired or reactivated; bulk loaders
(seeders, imports) call :func:`classification_levels_refresh` for what they wrote, and the data
migration ``0018_fill_classification_aspect_levels`` runs the same statement.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet

from ..models import (
    Classification,
    ClassificationAspectLevel,
    ClassificationAssessment,
    ConsequenceCategory,
)
from .service_profile import service_profile_refresh


def insert_levels_sql(*, assessment_model, level_model, classifications=None) -> tuple[str, tuple]:
    """One ``INSERT … SELECT`` of the grouped maximum per (classification, aspect) over the
    assessments in active categories, of ``classifications`` (a ``Q`` on the assessments'
    ``classification_id``, e.g. ``Q(classification_id__in=subquery)``) or of all. Takes the
    models so the data migration runs the same statement on its historical models."""
    rows = assessment_model.objects.filter(category__is_active=True)
    if classifications is not None:
        rows = rows.filter(classifications)
    rows = rows.values("classification_id", "aspect_id").annotate(level=Max("level")).order_by()
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(level_model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("classification_id", "aspect_id", "level"))
    return f"INSERT INTO {table} ({columns}) {sql}", params


def classification_levels_refresh(
    *, classifications: QuerySet | None = None, classification_id: int | None = None,
) -> None:
    """Recompute the levels of one classification (``classification_id``), of
    ``classifications`` (a queryset of them), or of every classification: one DELETE and one
    grouped INSERT … SELECT. Derived data: no history record, the classification's ``version``
    and ``updated_at`` stay."""
    if classification_id is not None:
        which = Q(classification_id=classification_id)
    elif classifications is not None:
        which = Q(classification_id__in=classifications.values("pk"))
    else:
        which = None
    # In the caller's transaction when there is one (no savepoint: all or nothing anyway).
    with transaction.atomic(savepoint=False):
        stale = ClassificationAspectLevel.objects.all()
        if which is not None:
            stale = stale.filter(which)
        stale.delete()
        sql, params = insert_levels_sql(
            assessment_model=ClassificationAssessment, level_model=ClassificationAspectLevel,
            classifications=which,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@transaction.atomic
def consequence_category_save(*, actor, category: ConsequenceCategory) -> ConsequenceCategory:
    """Save a consequence category (the admin's form). Retiring or reactivating it changes which
    assessments count, so the levels of every classification with an assessment in it are
    recomputed in the same transaction."""
    was_active = None
    if category.pk is not None:
        was_active = (
            ConsequenceCategory.objects.select_for_update().filter(pk=category.pk)
            .values_list("is_active", flat=True).first()
        )
    category.full_clean()
    category._history_user = actor
    category.save()
    if was_active is not None and was_active != category.is_active:
        classification_levels_refresh(classifications=Classification.objects.filter(
            pk__in=ClassificationAssessment.objects.filter(category=category)
            .values("classification_id")
        ))
        # The approved ones' levels are what the IT services need.
        service_profile_refresh()
    return category
