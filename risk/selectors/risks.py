"""Reads of risks, their actions and analyses, narrowed through ``nämnder.access``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import IsNull

from isms.compiled import CompiledRows, CompiledVariants, Ids
from isms.dates import local_today
from isms.history import entries_for, m2m_entries
from nämnder import access

from ..models import (
    OPEN_ACTION_STATUSES,
    Risk,
    RiskAction,
    RiskAnalysis,
    RiskStatus,
)

INHERENT, RESIDUAL = "inneboende", "kvarstaende"
# The status filter's "every status but closed": the risks the unit still lives with (the
# dashboard's residual heatmap and the report's heatmaps count these).
CURRENT = "aktuella"

RISK_SORTS = {
    "niva": ("-score", "title"), "-niva": ("score", "title"),
    "rubrik": ("title",), "-rubrik": ("-title",),
    "uppfoljning": ("next_follow_up", "title"), "enhet": ("unit__name", "title"),
    "status": ("status", "title"),
}


def overdue_actions_q(today) -> Q:
    return Q(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)


def follow_up_overdue_q(today, prefix: str = "") -> Q:
    return Q(**{f"{prefix}next_follow_up__lt": today}) & ~Q(**{f"{prefix}status": RiskStatus.CLOSED})


def with_scores(qs: QuerySet, *, today=None, per_risk: bool = False) -> QuerySet:
    """Each risk with ``score_inherent``, ``score_residual`` (None when not assessed), ``score``
    (residual when assessed, else inherent), ``has_overdue_action`` and ``follow_up_overdue``:
    computed in the query, so filters and sorts cost nothing per row.

    ``per_risk``: ``has_overdue_action`` as a lookup of the risk's own actions (the index on
    the risk), for a few hundred risks (a unit's register): PostgreSQL runs an ``EXISTS``
    as one pass over every overdue action in the city, hashed (2,000 rows at city scale,
    most of the register's database time, twice on the filtered one). The same answer."""
    today = today or local_today()
    overdue_actions = RiskAction.objects.filter(overdue_actions_q(today), risk_id=OuterRef("pk"))
    if per_risk:
        has_overdue = Case(
            When(IsNull(Subquery(overdue_actions.values("pk")[:1]), False), then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        )
    else:
        has_overdue = Exists(overdue_actions)
    return qs.annotate(
        score_inherent=F("inherent_likelihood") * F("inherent_consequence"),
        score_residual=F("residual_likelihood") * F("residual_consequence"),
    ).annotate(
        score=Coalesce("score_residual", "score_inherent"),
        has_overdue_action=has_overdue,
        follow_up_overdue=Case(
            When(follow_up_overdue_q(today), then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        ),
    )


def visible_risks(user) -> QuerySet[Risk]:
    return access.restrict(user, Risk.objects.all())


def risk_list(
    *, user, matrix, unit=None, q: str = "", level: str = "", status: str = "", owner=None,
    overdue: bool = False, internal_control: bool = False, assessment: str = "",
    likelihood: int | None = None, consequence: int | None = None, sort: str = "niva",
    today=None,
) -> QuerySet[Risk]:
    qs = with_scores(visible_risks(user).select_related("unit", "owner"), today=today,
                     per_risk=unit is not None)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(threat__icontains=q))
    if status == CURRENT:
        qs = qs.exclude(status=RiskStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if internal_control:
        qs = qs.filter(in_internal_control_plan=True)
    if overdue:
        # The follow-up first: a risk past it needs no look-up of its actions.
        qs = qs.filter(Q(follow_up_overdue=True) | Q(has_overdue_action=True))
    if level and (chosen := matrix.level_named(level)) is not None:
        low, high = matrix.value_range(chosen)
        qs = qs.filter(score__gte=low, score__lte=high)
    prefix = "residual" if assessment == RESIDUAL else "inherent"
    if likelihood is not None:
        qs = qs.filter(**{f"{prefix}_likelihood": likelihood})
    if consequence is not None:
        qs = qs.filter(**{f"{prefix}_consequence": consequence})
    return qs.order_by(*RISK_SORTS.get(sort, RISK_SORTS["niva"]))


def heatmap_counts(qs: QuerySet[Risk], *, residual: bool = False) -> dict[tuple[int, int], int]:
    """{(likelihood, consequence): number of risks} in one grouped query."""
    fields = ("residual_likelihood", "residual_consequence") if residual else (
        "inherent_likelihood", "inherent_consequence"
    )
    if residual:
        qs = qs.filter(residual_likelihood__isnull=False, residual_consequence__isnull=False)
    rows = qs.order_by().values(*fields).annotate(n=Count("id"))
    return {(row[fields[0]], row[fields[1]]): row["n"] for row in rows}


def owner_choices(*, user, unit: int | None = None):
    """People who own a risk the user may see (the register's owner filter); with ``unit`` (an
    id), a risk of that unit."""
    return _owners_of(visible_risks(user), unit).order_by("first_name", "last_name")


def _owners_of(risks: QuerySet[Risk], unit: int | None) -> QuerySet:
    if unit is not None:
        risks = risks.filter(unit_id=unit)
    owners = risks.filter(owner__isnull=False).values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def _option_rows(qs: QuerySet, kind: int, order: tuple[str, ...], columns: tuple[str, str, str]):
    """``qs`` as ``(kind, position, pk, a, b, c)`` rows (``position``: the row's place in
    ``order``, by the database's collation), for a ``UNION ALL`` of option lists."""
    return qs.order_by().annotate(
        o_kind=Value(kind, output_field=IntegerField()),
        o_pos=Window(RowNumber(), order_by=[F(name).asc() for name in order]),
        o_pk=F("pk"),
        **{f"o_{i}": (F(c) if c else Value("", output_field=CharField()))
           for i, c in enumerate(columns)},
    ).values_list("o_kind", "o_pos", "o_pk", "o_0", "o_1", "o_2")


def _options_query(*, view_ids, unit, edit_scope) -> QuerySet:
    """``filter_options``' lists as one ``UNION ALL``, on the person's units as values
    (``access.unit_scope``): ``view_ids`` (None: every unit), ``unit`` (None: every one seen),
    ``edit_scope`` (None: no third list; else the scope of ``units_for_new_records``)."""
    parts = [
        _option_rows(access.units_in_scope(view_ids), 0, ("name",), ("name", "", "")),
        _option_rows(
            _owners_of(access.restrict_to_scope(Risk.objects.all(), view_ids), unit), 1,
            ("first_name", "last_name"), ("first_name", "last_name", "username"),
        ),
    ]
    if edit_scope is not None:
        # ``units_for_new_records``: the units ``EDIT_RECORDS`` holds on, the active ones.
        parts.append(_option_rows(access.units_in_scope(edit_scope[0], active_only=True), 2,
                                  ("name",), ("name", "", "")))
    return parts[0].union(*parts[1:], all=True)


# The lists on every register page and heatmap: the SQL built once per process for each shape
# of the person's scope (every unit or some, a unit chosen, the editable units: every one, some,
# or no such list, the ``key``) and each number of unit ids, prepared while the lists are short
# (``isms.compiled.CompiledVariants``).
_OPTIONS = CompiledVariants(
    lambda *, key, view_ids=None, unit=None, edit_ids=None: _options_query(
        view_ids=view_ids, unit=unit, edit_scope=(edit_ids, True) if key else None),
    view_ids=Ids(-2_000_000_760), unit=-2_000_000_751, edit_ids=Ids(-2_100_000_760), prepare=True,
)


def _option_tuples(*, user, unit, editable) -> list[tuple]:
    view_ids, _active = access.unit_scope(user, access.VIEW)
    edit_ids = access.unit_scope(user, access.EDIT_RECORDS)[0] if editable else None
    if view_ids == [] or edit_ids == []:  # nothing to compile a list of ids for
        edit_scope = (edit_ids, True) if editable else None
        return list(_options_query(view_ids=view_ids, unit=unit, edit_scope=edit_scope))
    return _OPTIONS.rows(key=editable, view_ids=view_ids, unit=unit, edit_ids=edit_ids)


def filter_options(
    *, user, unit: int | None = None, editable: bool = False,
) -> dict[str, list[tuple[int, str]]]:
    """The register's filter lists in one query: ``{"unit": [(pk, name)], "owner": [(pk,
    label)]}``, the units ``user`` may see by name and the owners as ``owner_choices`` gives
    them (of ``unit``'s risks when given), each labelled as ``klassning.forms.person_label``.
    ``editable``: also ``"editable"``, the units a new risk may be registered in
    (``units_for_new_records``), in the same query. Its SQL is built once per shape of the
    person's scope (``_OPTIONS``)."""
    options: dict[str, list] = {"unit": [], "owner": [], **({"editable": []} if editable else {})}
    names = ("unit", "owner", "editable")
    for kind, _pos, pk, a, b, c in sorted(_option_tuples(user=user, unit=unit, editable=editable)):
        if kind == 1:
            name = f"{a} {b}".strip()  # User.get_full_name()
            options["owner"].append((pk, f"{name} ({c})" if name else c))
        else:
            options[names[kind]].append((pk, a))
    return options


def risk_get(*, user, pk, perm: str = access.VIEW) -> Risk:
    return access.get_for_user_or_404(
        user,
        with_scores(Risk.objects.select_related("unit", "owner", "analysis", "accepted_by")),
        perm=perm, pk=pk,
    )


def risk_actions(*, risk, today=None) -> list[RiskAction]:
    today = today or local_today()
    actions = list(risk.actions.select_related(
        "responsible", "fulfils_unit_requirement__requirement",
        "fulfils_service_requirement__requirement",
        "fulfils_service_requirement__it_service",
    ))
    for action in actions:
        action.overdue = action.is_overdue_on(today)
    return actions


_UNSET = object()


def _asset_visibility(user):
    """The information assets ``user`` may see, as a queryset to filter links on; None when
    they see every unit's (nothing to filter on)."""
    from klassning.models import InformationAsset

    if access.sees_all_units(user):
        return None
    return access.restrict(user, InformationAsset.objects.all())


def risk_links(*, risk, user, visible_services=_UNSET) -> dict:
    """The risk's links the user may open. ``visible_services``: the IT services ``user`` may
    see (``klassning.selectors.service_visibility``: None for all), when the caller has it
    already."""
    from klassning import selectors as klassning

    if visible_services is _UNSET:
        visible_services = klassning.service_visibility(user)
    assets = risk.information_assets.order_by("name")
    services = risk.it_services.order_by("name")
    service_requirements = risk.cited_service_requirements.select_related(
        "requirement", "it_service")
    if visible_services is not None:
        visible = visible_services.values("pk")
        services = services.filter(pk__in=visible)
        service_requirements = service_requirements.filter(it_service__in=visible)
    return {
        "aspects": list(risk.aspects.all()),
        "information_assets": list(access.restrict(user, assets)),
        "it_services": list(services),
        "suppliers": list(risk.suppliers.order_by("name")),
        "unit_requirements": list(
            risk.cited_unit_requirements.select_related("requirement")
        ),
        "service_requirements": list(service_requirements),
    }


def action_get(*, user, pk, perm: str = access.VIEW) -> RiskAction:
    return access.get_for_user_or_404(
        user, RiskAction.objects.select_related("risk__unit"), perm=perm,
        unit_field="risk__unit", pk=pk,
    )


def risk_history(*, risk, user, limit: int | None = 50, visible_services=_UNSET, known=()):
    """The risk's and its actions' changes and its links. ``visible_services`` as in
    ``risk_links``; ``known``: objects the page has loaded already (the risk's unit, owner,
    the actions' responsible people...), whose names the entries take instead of reading them
    again."""
    from klassning import selectors as klassning

    if visible_services is _UNSET:
        visible_services = klassning.service_visibility(user)
    known = [risk, *(obj for obj in (
        risk.unit, risk.analysis, risk.owner, risk.accepted_by, user,
    ) if obj is not None), *known]
    entries = entries_for(
        [Risk.history.filter(id=risk.pk), RiskAction.history.filter(risk_id=risk.pk)],
        label=lambda record, names: getattr(record, "title", None)
        or str(getattr(record, "description", ""))[:60],
        limit=limit, known=known,
    )
    entries += m2m_entries(
        instance=risk,
        fields={
            "aspects": None, "suppliers": None,
            "information_assets": _asset_visibility(user),
            "it_services": visible_services,
        },
        label=lambda record: record.title,
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


# --- Analyses ----------------------------------------------------------------------------------

def analysis_list(*, user, unit=None) -> QuerySet[RiskAnalysis]:
    qs = access.restrict(user, RiskAnalysis.objects.select_related(
        "unit", "it_service", "information_asset"
    )).annotate(risk_count=Count("risks"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("-analysed_on", "title")


def analysis_get(*, user, pk, perm: str = access.VIEW) -> RiskAnalysis:
    return access.get_for_user_or_404(
        user, RiskAnalysis.objects.select_related("unit", "it_service", "information_asset"),
        perm=perm, pk=pk,
    )


def analysis_risks(*, analysis) -> QuerySet[Risk]:
    return with_scores(analysis.risks.select_related("owner")).order_by("-score", "title")


def analysis_choices(*, unit) -> QuerySet[RiskAnalysis]:
    return RiskAnalysis.objects.filter(unit=unit).order_by("-analysed_on", "title")


def units_for_new_records(*, user):
    return access.units_for(user, access.EDIT_RECORDS).filter(is_active=True).order_by("name")


def may_register_any(*, user) -> bool:
    """``units_for_new_records(user=user).exists()``: for a person with unit roles only, from
    their memberships (``access.own_units_for``: no query when every unit holding the
    permission is one of theirs, as on every page that offers *Registrera risk*)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.has_perm(access.EDIT_RECORDS):
        return bool(access.own_units_for(user, access.EDIT_RECORDS))
    return bool(_AN_ACTIVE_UNIT.rows())  # a city-wide role: any active unit


# Whether there is an active unit (``units_for_new_records`` of a city-wide role): SQL built
# once per process, prepared once per database session.
_AN_ACTIVE_UNIT = CompiledRows(
    lambda: access.units_in_scope(None, active_only=True).values_list("pk")[:1], prepare=True,
)
