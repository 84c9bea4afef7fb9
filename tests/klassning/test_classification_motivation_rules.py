"""What a classification needs before it is sent for approval (issue 8, item 9): a motivation
where the level is 2 or higher and for the cell that decides each aspect's level; the other
motivations may be empty; a level below what the personal data suggests needs a reason."""

import pytest
from django.core.exceptions import ValidationError

from klassning import services
from klassning.models import Aspect, ClassificationStatus, ConsequenceCategory, PersonalData
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def cells(levels: dict[str, list[int]], motivated: set[tuple[str, int]] = frozenset()):
    """``levels``: {aspect code: level per active category, in order}; a motivation only for
    the (aspect code, category index) pairs in ``motivated``."""
    categories = list(ConsequenceCategory.objects.filter(is_active=True))
    result = {}
    for aspect in Aspect.objects.all():
        for i, category in enumerate(categories):
            text = "Motiverat" if (aspect.code, i) in motivated else ""
            result[(aspect.pk, category.pk)] = (levels[aspect.code][i], text)
    return result


def all_at(level: int) -> dict[str, list[int]]:
    n = ConsequenceCategory.objects.filter(is_active=True).count()
    return {code: [level] * n for code in ("K", "R", "T", "S")}


def submit(asset, actor, assessments, below_minimum_motivation=""):
    c = services.classification_start(actor=actor, asset=asset)
    c = services.classification_save(
        actor=actor, classification=c, expected_version=c.version, assessments=assessments,
        below_minimum_motivation=below_minimum_motivation,
    )
    return services.classification_submit(
        actor=actor, classification=c, expected_version=c.version
    )


def test_only_the_deciding_cell_needs_a_motivation_at_level_1(farsta, official):
    # Each aspect: level 1 in the first category (motivated), 0 or 1 elsewhere without text.
    levels = all_at(0)
    for code in levels:
        levels[code][0] = 1
    levels["K"][3] = 1  # a second cell at the aspect's level: one motivated cell is enough
    motivated = {(code, 0) for code in levels}
    c = submit(make_asset(farsta, official), official, cells(levels, motivated))
    assert c.status == ClassificationStatus.SUBMITTED and c.profile == "K1 R1 T1 S1"


def test_deciding_cell_without_motivation_is_refused_in_swedish(farsta, official):
    levels = all_at(0)
    for code in levels:
        levels[code][2] = 1
    motivated = {(code, 2) for code in ("R", "T", "S")}  # K's deciding cell has none
    asset = make_asset(farsta, official)
    with pytest.raises(ValidationError) as exc:
        submit(asset, official, cells(levels, motivated))
    message = exc.value.messages[0]
    assert "inte komplett" in message and "Konfidentialitet" in message
    assert "avgör aspektens nivå" in message
    assert asset.classifications.get().status == ClassificationStatus.DRAFT


def test_every_level_2_or_higher_needs_a_motivation(farsta, official):
    levels = all_at(0)
    for code in levels:
        levels[code][0] = 3
    levels["T"][4] = 2  # not deciding (T is 3), but level 2: must be motivated
    motivated = {(code, 0) for code in levels}
    with pytest.raises(ValidationError) as exc:
        submit(make_asset(farsta, official), official, cells(levels, motivated))
    message = exc.value.messages[0]
    assert "1 uppgift saknas" in message
    assert "Tillgänglighet, Skada för annan organisation/samhället" in message
    assert "Nivå 2 och högre ska alltid motiveras" in message


def test_an_aspect_not_relevant_anywhere_needs_no_motivation(farsta, official):
    """Level 0 everywhere ("ej relevant" in the form) is complete without any text."""
    c = submit(make_asset(farsta, official), official, cells(all_at(0)))
    assert c.status == ClassificationStatus.SUBMITTED and c.profile == "K0 R0 T0 S0"


def test_a_missing_level_is_named(farsta, official):
    assessments = cells(all_at(0))
    del assessments[next(iter(assessments))]
    with pytest.raises(ValidationError, match="Välj en nivå eller markera ej relevant"):
        submit(make_asset(farsta, official), official, assessments)


@pytest.mark.parametrize(
    ("personal_data", "suggested"),
    [(PersonalData.SENSITIVE, 3), (PersonalData.PROTECTED, 4)],
)
def test_level_below_the_personal_data_minimum_needs_a_reason(
    farsta, official, personal_data, suggested
):
    levels = all_at(0)
    for code in levels:
        levels[code][0] = 2
    assessments = cells(levels, {(code, 0) for code in levels})
    asset = make_asset(farsta, official, personal_data=personal_data)
    with pytest.raises(ValidationError) as exc:
        submit(asset, official, assessments)
    message = exc.value.messages[0]
    assert f"föreslås minst nivå {suggested} för Konfidentialitet" in message
    assert "Nivån är nu 2" in message
    asset.classifications.all().delete()
    c = submit(asset, official, assessments, below_minimum_motivation="Bara namn, inga diagnoser")
    assert c.status == ClassificationStatus.SUBMITTED
    assert c.below_minimum_motivation == "Bara namn, inga diagnoser"


def test_reaching_the_suggested_level_needs_no_extra_reason(farsta, official):
    levels = all_at(0)
    levels["K"][0] = 3
    motivated = {("K", 0)}
    asset = make_asset(farsta, official, personal_data=PersonalData.SENSITIVE)
    c = submit(asset, official, cells(levels, motivated))
    assert c.status == ClassificationStatus.SUBMITTED and c.profile == "K3 R0 T0 S0"


def test_ordinary_personal_data_suggests_nothing(farsta, official):
    asset = make_asset(farsta, official, personal_data=PersonalData.PERSONAL)
    c = submit(asset, official, cells(all_at(0)))
    assert c.status == ClassificationStatus.SUBMITTED
