"""Reads of the classification form's guidance: level criteria per consequence category and the
minimum levels personal data suggests (reference data in ``models.guidance``)."""

from __future__ import annotations

from dataclasses import dataclass

from isms.compiled import CompiledQuery

from .models import InformationAsset, LevelCriterion, PersonalDataMinimum

# Read on every classification form: their SQL built once per process and planned once per
# database session (prepared statements). The criteria are a few dozen rows; those of the
# categories asked for are kept in Python.
_CRITERIA = CompiledQuery(lambda: LevelCriterion.objects.all(), prepare=True)
_MINIMUMS = CompiledQuery(
    lambda personal_data: PersonalDataMinimum.objects.filter(personal_data=personal_data)
    .select_related("aspect"),
    personal_data="-sentinel-personal-data-", prepare=True,
)


@dataclass(frozen=True)
class SuggestedMinimum:
    aspect_id: int
    aspect_name: str
    level: int
    personal_data: str  # the kind's display name, e.g. "Känsliga personuppgifter (art. 9 GDPR)"


def level_criteria(*, levels, categories) -> dict[int, list[dict]]:
    """{category id: [{value, name, text}, …]} for every level of the scale, in level order;
    ``text`` is "" where the security function has not written a criterion."""
    wanted = {category.pk for category in categories}
    texts = {
        (c.category_id, c.level): c.text for c in _CRITERIA.objects() if c.category_id in wanted
    }
    return {
        category.pk: [
            {"value": lv.value, "name": lv.name, "text": texts.get((category.pk, lv.value), "")}
            for lv in levels
        ]
        for category in categories
    }


def suggested_minimums(*, asset: InformationAsset) -> dict[int, SuggestedMinimum]:
    """{aspect id: the suggested minimum} for the kind of personal data the asset holds."""
    return {
        m.aspect_id: SuggestedMinimum(
            aspect_id=m.aspect_id, aspect_name=m.aspect.name, level=m.min_level,
            personal_data=asset.get_personal_data_display(),
        )
        for m in _MINIMUMS.objects(personal_data=asset.personal_data)
    }
