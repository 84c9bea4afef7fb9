"""Information classification's part of ``manage.py seed_scale``: the city's registers.

Registered in ``KlassningConfig.ready()`` (``isms.plugins.register_scale_seeder``); runs after
the organisation's part (it reads the members it created from ``ctx.shared["members"]``).

At scale 1: 20,000 information assets (Farsta holds about 1,000, the other units share the rest),
1,000 IT services (a few used by every unit), about 90 % of the assets with an approved
classification (some with an earlier, superseded version), the rest submitted, in draft or not
yet classified, and the action plans the approvals derive. Inserted in bulk, with the rows the
services would write: every assessment cell of the active categories, the profile, review
date and per-aspect levels from ``klassning.levels``, the plan items from ``levels.requirements_applying`` (max over
the unit's or the IT service's approved assets), and historical records dated as the work would
have happened (created, submitted, approved, superseded; plan status updates).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from simple_history.utils import bulk_update_with_history

from isms.bulk import insert_rows, keep_timestamps
from isms.dates import add_months
from nämnder.models import Role, UnitKind

from . import selectors
from .levels import aspect_levels, profile_for, requirements_applying
from .models import (
    Aspect,
    Classification,
    ClassificationAspectLevel,
    ClassificationAssessment,
    ClassificationSettings,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ITServiceKind,
    PersonalData,
    PlanStatus,
    Requirement,
    RequirementKind,
    ServiceRequirement,
    UnitRequirement,
)

ASSETS = 20_000
SERVICES = 1_000
BIG_UNIT = "farsta"  # the unit chef of ``make bench`` works here
BIG_UNIT_ASSETS = 1_000
SHARED_SERVICES = 5  # used by every unit
BATCH = 2_000

SUBJECTS = [
    "Ärendeakter", "Personalakter", "Leverantörsfakturor", "Elevdokumentation", "Bygglovshandlingar",
    "Avtal", "Diarium", "Journalanteckningar", "Kundregister", "Besöksloggar", "Mätdata",
    "Kartunderlag", "Nämndprotokoll", "Ansökningar", "Synpunkter och klagomål", "Lönedata",
    "Tillsynsärenden", "Kösystem", "Passerkortsloggar", "Upphandlingsunderlag", "Hyresavtal",
    "Driftlarm", "Bokningar", "Delegationsbeslut", "Medborgardialog",
]
PROCESSES = [
    "Individ- och familjeomsorg", "Förskoleverksamhet", "Äldreomsorg", "Stadsmiljö", "Ekonomi",
    "HR", "Fastighetsförvaltning", "Kultur och fritid", "Tillsyn", "Kommunikation", "Upphandling",
    "Trafik och gata", "Arbetsmarknad", "Bostadsförsörjning", "Vatten och avfall",
]
SYSTEMS = [
    "Procapita", "Lifecare", "Skolplattformen", "Agresso", "W3D3", "Public 360", "Ciceron",
    "Heroma", "ServiceNow", "Lantmäteriets e-tjänst", "Bygg-R", "Tekis", "Evolution", "Pulsen",
    "Office 365", "Azure-plattform", "Stadsnätet", "OT-styrsystem", "Sensornät", "Kassasystem",
]
SUPPLIERS = ["Tieto Evry", "CGI", "Atea", "Stadens it-avdelning", "Microsoft", "Sokigo",
             "Formpipe", "Visma", "Leverantör AB"]
PERSONAL = [(PersonalData.NONE, 35), (PersonalData.PERSONAL, 40), (PersonalData.SENSITIVE, 20),
            (PersonalData.PROTECTED, 5)]
TOP_LEVEL = [(0, 5), (1, 25), (2, 40), (3, 25), (4, 5)]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _historical(model, obj, *, when, user_id, kind="+", **overrides):
    """One historical record of ``obj`` as simple-history writes it, with some fields as they
    were at ``when`` (``overrides``)."""
    historical = model.history.model
    values = {f.attname: getattr(obj, f.attname) for f in historical.tracked_fields}
    values.update(overrides)
    return historical(history_date=when, history_user_id=user_id, history_type=kind, **values)


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class _Seeder:
    def __init__(self, ctx):
        self.ctx, self.rng, self.now = ctx, ctx.rng, ctx.now
        self.units = sorted(
            (u for u in ctx.units.values() if u.kind != UnitKind.CITY and u.is_active),
            key=lambda u: u.short_name,
        )
        self.members = ctx.shared.get("members", {})
        self.aspects = list(Aspect.objects.all())
        self.categories = list(ConsequenceCategory.objects.filter(is_active=True))
        self.interval = ClassificationSettings.current().review_interval_months

    def _person(self, unit, *roles):
        """A member of the unit in one of ``roles`` (None: the system, when it has none)."""
        people = [p for r in roles for p in self.members.get(unit.pk, {}).get(r, [])]
        return self.rng.choice(people) if people else None

    def _ago(self, days_min, days_max):
        return self.now - dt.timedelta(days=self.rng.uniform(days_min, days_max))

    # --- Assets and IT services ---------------------------------------------------------------

    def assets(self):
        ctx, rng = self.ctx, self.rng
        big = next((u for u in self.units if u.short_name == BIG_UNIT), self.units[0])
        others = [u for u in self.units if u.pk != big.pk]
        weights = [rng.uniform(0.3, 1.7) for _ in others]
        rest = ctx.scaled(ASSETS - BIG_UNIT_ASSETS)
        counts = {big.pk: ctx.scaled(BIG_UNIT_ASSETS)}
        for unit, w in zip(others, weights, strict=True):
            counts[unit.pk] = max(1, round(rest * w / sum(weights)))
        rows = []
        for unit in self.units:
            for i in range(counts.get(unit.pk, 0)):
                created = self._ago(60, 3 * 365)
                subject, process = rng.choice(SUBJECTS), rng.choice(PROCESSES)
                name = f"{subject} – {process.lower()} {i + 1:04}"
                officer = self._person(unit, Role.OFFICIAL, Role.COORDINATOR)
                if rng.random() < 0.005:  # säkerhetsskydd: name, unit and a note only
                    asset = InformationAsset(
                        unit=unit, name=f"Skyddsobjekt {i + 1:04}", security_protection=True,
                        security_protection_note="Hanteras enligt säkerhetsskyddslagen.",
                    )
                else:
                    personal = _weighted(rng, PERSONAL)
                    osl = personal != PersonalData.NONE and rng.random() < 0.6
                    asset = InformationAsset(
                        unit=unit, name=name, process=process, personal_data=personal,
                        description=f"{subject} inom {process.lower()}.",
                        responsible=f"{rng.choice(('Anna', 'Erik', 'Åsa'))} "
                                    f"{rng.choice(('Holm', 'Öberg', 'Ek'))}",
                        osl_secrecy=osl, osl_provision="26 kap. 1 § OSL" if osl else "",
                        archive_rule="Bevaras enligt informationshanteringsplan" if rng.random() < .5 else "",
                    )
                asset.created_at = asset.updated_at = created
                asset._history_date, asset._history_user = created, officer
                rows.append(asset)
        with keep_timestamps(InformationAsset):
            for start in range(0, len(rows), BATCH):
                _bulk_with_history(InformationAsset, rows[start:start + BATCH])
        self.asset_rows = rows
        ctx.counts["informationsmängder"] = len(rows)

    def services(self):
        ctx, rng = self.ctx, self.rng
        n = ctx.scaled(SERVICES, minimum=SHARED_SERVICES + 1)
        rows, users_of = [], []
        for i in range(n):
            unit = rng.choice(self.units)
            created = self._ago(400, 3 * 365)
            owner = self._person(unit, Role.OFFICIAL) if rng.random() < 0.5 else None
            service = ITService(
                unit=unit, name=f"{rng.choice(SYSTEMS)} {i + 1:04}",
                kind=rng.choice(ITServiceKind.values), manager=f"Förvaltningsledare {i + 1}",
                owner_id=owner, supplier=rng.choice(SUPPLIERS),
                description="Skalningsdata för prestandamätning.",
            )
            service.created_at = service.updated_at = created
            service._history_date = created
            service._history_user = self._person(unit, Role.CHIEF, Role.COORDINATOR)
            rows.append(service)
            if i < SHARED_SERVICES:
                users_of.append([u.pk for u in self.units])
            else:
                extra = rng.sample(self.units, k=min(len(self.units), rng.randint(0, 3)))
                users_of.append(sorted({unit.pk, *(u.pk for u in extra)}))
        with keep_timestamps(ITService):
            _bulk_with_history(ITService, rows)
        # Which services each unit may link its assets to: the ones it owns or uses.
        candidates: dict[int, list[ITService]] = {}
        unit_links = []
        for service, unit_ids in zip(rows, users_of, strict=True):
            if service.unit_id not in unit_ids:
                candidates.setdefault(service.unit_id, []).append(service)
            for unit_id in unit_ids:
                candidates.setdefault(unit_id, []).append(service)
                unit_links.append(ITService.user_units.through(
                    itservice_id=service.pk, organisationunit_id=unit_id))
        unit_links = _bulk(ITService.user_units.through, unit_links)
        asset_links = []
        self.assets_of: dict[int, list[int]] = {}
        for asset in self.asset_rows:
            if asset.security_protection:
                continue
            pool = candidates.get(asset.unit_id) or rows
            for service in rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2, 3)))):
                asset_links.append(ITService.assets.through(
                    itservice_id=service.pk, informationasset_id=asset.pk))
                self.assets_of.setdefault(service.pk, []).append(asset.pk)
        asset_links = _bulk(ITService.assets.through, asset_links)
        self._service_link_history(rows, unit_links, asset_links)
        self.service_rows = rows
        ctx.counts["it-tjänster"] = len(rows)
        ctx.counts["kopplingar informationsmängd–it-tjänst"] = len(asset_links)

    def _service_link_history(self, services, unit_links, asset_links):
        """Each IT service's links as its historical records keep them (``m2m_fields``): the
        users on the creation record; then each asset linked in a change of its own, as a unit
        links its asset from the asset's form (``services.assets._set_it_services``) some days
        after both existed, by the person who registered the asset. Every such record holds
        all the links the service had then: a service the whole city shares has as many
        records as assets, the last ones with hundreds of rows each (~1.5 M rows at scale 1)."""
        historical = ITService.history.model
        created = dict(
            historical.objects.filter(id__in=[s.pk for s in services], history_type="+")
            .values_list("id", "history_id")
        )
        asset_of = {a.pk: a for a in self.asset_rows}
        users = {}
        for link in unit_links:
            users.setdefault(link.itservice_id, []).append(link)
        linked = {}
        for link in asset_links:
            linked.setdefault(link.itservice_id, []).append(link)
        unit_row = apps.get_model("klassning", "HistoricalITService_user_units")
        asset_row = apps.get_model("klassning", "HistoricalITService_assets")
        columns = ["history_id", "id", "itservice_id", None]

        def unit_rows(record, service_id):
            return [(record, link.pk, service_id, link.organisationunit_id)
                    for link in users.get(service_id, ())]

        def insert(model, linked, rows):
            insert_rows(model, [*columns[:3], linked], rows)

        insert(unit_row, "organisationunit_id",
               (row for s in services for row in unit_rows(created[s.pk], s.pk)))
        for start in range(0, len(services), 50):
            batch = services[start:start + 50]
            changes, order = [], []
            for s in batch:
                timed = []
                for link in linked.get(s.pk, ()):
                    asset = asset_of[link.informationasset_id]
                    when = min(
                        max(asset.created_at, s.created_at)
                        + dt.timedelta(days=self.rng.uniform(0, 30)),
                        self.now - dt.timedelta(minutes=1),
                    )
                    timed.append((when, link.pk, link, asset._history_user))
                timed.sort(key=lambda t: (t[0], t[1]))
                for when, _pk, _link, user_id in timed:
                    changes.append(_historical(ITService, s, when=when, user_id=user_id, kind="~"))
                order.append((s, [t[2] for t in timed]))
            changes = iter(_bulk(historical, changes))
            units, assets = [], []
            for s, links in order:
                for k in range(len(links)):
                    record = next(changes).history_id
                    units += unit_rows(record, s.pk)
                    assets += [(record, link.pk, s.pk, link.informationasset_id)
                               for link in links[:k + 1]]
            insert(unit_row, "organisationunit_id", units)
            insert(asset_row, "informationasset_id", assets)

    # --- Classifications ----------------------------------------------------------------------

    def _cells(self, personal):
        """{(aspect_id, category_id): (level, motivation)} for every active cell, following the
        form's rules: a motivation from level 2 and on the cell that decides the aspect, and the
        personal data's suggested minimum for K respected."""
        rng, cells = self.rng, {}
        for aspect in self.aspects:
            top = _weighted(rng, TOP_LEVEL)
            if aspect.code == "K" and personal == PersonalData.SENSITIVE:
                top = max(top, 3)
            if aspect.code == "K" and personal == PersonalData.PROTECTED:
                top = 4
            deciding = rng.randrange(len(self.categories))
            for i, category in enumerate(self.categories):
                level = top if i == deciding else rng.randint(0, top)
                motivation = (
                    f"Bedömd konsekvens för {category.name.lower()}: nivå {level}."
                    if level >= 2 or (i == deciding and top > 0) else ""
                )
                cells[(aspect.pk, category.pk)] = (level, motivation)
        return cells

    def classifications(self):
        """Per asset: a plan of its versions, then inserted chunk by chunk (assessments are ~28
        per version, ~600,000 at scale 1: never all in memory at once)."""
        rng = self.rng
        self.approved_levels: dict[int, dict[int, int]] = {}  # asset id -> {aspect id: level}
        counts = {"klassningar": 0, "bedömningar": 0}
        todo = [a for a in self.asset_rows if not a.security_protection]
        for start in range(0, len(todo), 500):
            versions = []  # (classification, cells, history)
            for asset in todo[start:start + 500]:
                versions += self._versions(asset, rng.random())
            with keep_timestamps(Classification):
                _bulk(Classification, [c for c, _cells, _h in versions])
            history, cells, levels = [], [], []
            for c, cell_map, states in versions:
                # The per-aspect levels the services keep (every cell is in an active category).
                levels += [
                    ClassificationAspectLevel(classification=c, aspect_id=aspect_id, level=level)
                    for aspect_id, level in aspect_levels(_Cell.of(cell_map)).items()
                ]
                for when, user_id, kind, overrides in states:
                    history.append(_historical(Classification, c, when=when, user_id=user_id,
                                               kind=kind, **overrides))
                for (aspect_id, category_id), (level, motivation) in cell_map.items():
                    cell = ClassificationAssessment(
                        classification=c, aspect_id=aspect_id, category_id=category_id,
                        level=level, motivation=motivation,
                    )
                    cell._when, cell._who = c.created_at + dt.timedelta(minutes=20), c.created_by_id
                    cells.append(cell)
            _bulk(Classification.history.model, history)
            _bulk(ClassificationAssessment, cells)
            _bulk(ClassificationAspectLevel, levels)
            _bulk(ClassificationAssessment.history.model, [
                _historical(ClassificationAssessment, cell, when=cell._when, user_id=cell._who)
                for cell in cells
            ])
            counts["klassningar"] += len(versions)
            counts["bedömningar"] += len(cells)
        self.ctx.counts.update(counts)

    def _versions(self, asset, draw):
        """The versions of one asset's classification, each with its cells and the historical
        records the workflow writes (start, submit, approve, supersede)."""
        unit = asset.unit
        officer = self._person(unit, Role.OFFICIAL, Role.COORDINATOR)
        approver = self._person(unit, Role.CHIEF, Role.COORDINATOR)
        if draw >= 0.97:
            return []  # not yet classified
        status = (ClassificationStatus.APPROVED if draw < 0.90 else
                  ClassificationStatus.SUBMITTED if draw < 0.94 else ClassificationStatus.DRAFT)
        out = []
        # About one in seven approved assets was reclassified: v1 approved, then superseded.
        earlier = status == ClassificationStatus.APPROVED and self.rng.random() < 0.15
        # ~a fifth of them past their review date; never before the asset was registered.
        approved_at = max(self._ago(1, 15 * 30), asset.created_at + dt.timedelta(days=10))
        old_at = approved_at - dt.timedelta(days=self.rng.uniform(200, 500))
        if old_at < asset.created_at + dt.timedelta(days=5):
            earlier = False
        if earlier:
            out.append(self._version(asset, 1, ClassificationStatus.SUPERSEDED, officer, approver,
                                     approved_at=old_at, superseded_at=approved_at))
        out.append(self._version(asset, len(out) + 1, status, officer, approver,
                                 approved_at=approved_at))
        return out

    def _version(self, asset, number, status, officer, approver, *, approved_at,
                 superseded_at=None):
        cells = self._cells(asset.personal_data)
        profile = profile_for(aspect_levels(_Cell.of(cells)), self.aspects)
        created = max(asset.created_at, approved_at - dt.timedelta(days=self.rng.uniform(3, 40)))
        submitted = created + dt.timedelta(days=self.rng.uniform(0.5, 2))
        approved = submitted + dt.timedelta(days=self.rng.uniform(0.2, 1))
        S = ClassificationStatus
        reached = {S.DRAFT: 0, S.SUBMITTED: 1, S.APPROVED: 2, S.SUPERSEDED: 3}[status]
        c = Classification(
            asset=asset, number=number, status=status, profile=profile, created_by_id=officer,
            comment="", created_at=created, updated_at=created,
        )
        states = [(created, officer, "+", {"status": S.DRAFT, "profile": "", "version": 1,
                                            "submitted_by_id": None, "submitted_at": None,
                                            "approved_by_id": None, "approved_at": None,
                                            "review_due": None, "superseded_at": None,
                                            "updated_at": created})]
        version = 1
        if reached >= 1:
            c.submitted_by_id, c.submitted_at = officer, submitted
            version += 2  # the save of the judgements, then the submit
            states.append((submitted, officer, "~", {
                "status": S.SUBMITTED, "version": version, "approved_by_id": None,
                "approved_at": None, "review_due": None, "superseded_at": None,
                "updated_at": submitted}))
        if reached >= 2:
            c.approved_by_id, c.approved_at = approver, approved
            c.review_due = add_months(approved.date(), self.interval)
            version += 1
            states.append((approved, approver, "~", {
                "status": S.APPROVED, "version": version, "superseded_at": None,
                "updated_at": approved}))
            levels = aspect_levels(_Cell.of(cells))
            if status == S.APPROVED:
                self.approved_levels[asset.pk] = levels
        if reached >= 3:
            c.superseded_at = superseded_at
            version += 1
            states.append((superseded_at, approver, "~", {"version": version,
                                                          "updated_at": superseded_at}))
        c.version = version
        c.updated_at = states[-1][0]
        return c, cells, states

    # --- Action plans -------------------------------------------------------------------------

    def plans(self):
        """The plan items the approvals derive (``services.plans``): organisational ones per unit
        from the max over its approved assets, technical ones per IT service from the max over
        the assets it handles; then a realistic spread of statuses, due dates and receipts."""
        unit_levels: dict[int, dict[int, int]] = {}
        asset_unit = {a.pk: a.unit_id for a in self.asset_rows}
        for asset_id, levels in self.approved_levels.items():
            _merge(unit_levels.setdefault(asset_unit[asset_id], {}), levels)
        organisational = list(Requirement.objects.filter(is_active=True,
                                                         kind=RequirementKind.ORGANISATIONAL))
        technical = list(Requirement.objects.filter(is_active=True, kind=RequirementKind.TECHNICAL))
        # seed_demo's approved classifications count too, and its plan items stay as they are.
        existing = {(i.unit_id, i.requirement_id): i for i in UnitRequirement.objects.all()}
        raised = []
        for unit in self.units:
            if any(u == unit.pk for u, _r in existing):
                _merge(unit_levels.setdefault(unit.pk, {}), selectors.unit_aspect_levels(unit=unit))
        unit_items = []
        for unit in self.units:
            for requirement_id, level in requirements_applying(
                organisational, unit_levels.get(unit.pk, {})
            ).items():
                if (item := existing.get((unit.pk, requirement_id))) is not None:
                    if (item.required_level, item.is_current) != (level, True):
                        item.required_level, item.is_current = level, True
                        raised.append(item)
                    continue
                unit_items.append(self._item(UnitRequirement(unit=unit), unit,
                                             requirement_id, level))
        service_items = []
        for service in self.service_rows:
            levels: dict[int, int] = {}
            for asset_id in self.assets_of.get(service.pk, []):
                _merge(levels, self.approved_levels.get(asset_id, {}))
            for requirement_id, level in requirements_applying(technical, levels).items():
                item = self._item(ServiceRequirement(it_service=service), service.unit,
                                  requirement_id, level)
                if service.owner_id and self.rng.random() < 0.6:
                    item.acknowledged_by_id = service.owner_id
                    item.acknowledged_at = item.created_at + dt.timedelta(days=2)
                service_items.append(item)
        if raised:  # as ``services.plans`` updates an item already on the plan
            bulk_update_with_history(raised, UnitRequirement, ["required_level", "is_current"],
                                     default_date=self.now)
        for model, items in ((UnitRequirement, unit_items), (ServiceRequirement, service_items)):
            with keep_timestamps(model):
                _bulk(model, items)
            history = []
            for item in items:
                history.append(_historical(
                    model, item, when=item.created_at, user_id=item._actor, kind="+",
                    status=PlanStatus.NOT_STARTED, version=1, motivation="", evidence_note="",
                    due_date=None, updated_at=item.created_at,
                    **({"acknowledged_by_id": None, "acknowledged_at": None}
                       if model is ServiceRequirement else {}),
                ))
                if item.version > 1:
                    history.append(_historical(model, item, when=item.updated_at,
                                               user_id=item._actor, kind="~"))
            _bulk(model.history.model, history)
        self.ctx.counts["krav i åtgärdsplaner"] = len(unit_items)
        self.ctx.counts["krav på it-tjänster"] = len(service_items)

    def _item(self, item, unit, requirement_id, level):
        rng = self.rng
        item.requirement_id, item.required_level = requirement_id, level
        item.created_at = item.updated_at = self._ago(200, 700)
        item._actor = self._person(unit, Role.CHIEF, Role.COORDINATOR)
        status = _weighted(rng, [(PlanStatus.NOT_STARTED, 40), (PlanStatus.IN_PROGRESS, 30),
                                 (PlanStatus.FULFILLED, 25), (PlanStatus.NOT_APPLICABLE, 5)])
        item.status = status
        if status != PlanStatus.NOT_STARTED or rng.random() < 0.5:
            item.due_date = (self.now + dt.timedelta(days=rng.uniform(-200, 365))).date()
        if status == PlanStatus.FULFILLED:
            item.evidence_note = "Rutinen finns i ledningssystemet."
        if status == PlanStatus.NOT_APPLICABLE:
            item.motivation = "Gäller inte verksamheten."
        if status != PlanStatus.NOT_STARTED or item.due_date:
            item.version = 2
            item.updated_at = item.created_at + dt.timedelta(days=rng.uniform(1, 150))
        return item


class _Cell:
    """An assessment as ``levels.aspect_levels`` reads it (``aspect_id``, ``level``)."""

    __slots__ = ("aspect_id", "level")

    def __init__(self, aspect_id, level):
        self.aspect_id, self.level = aspect_id, level

    @classmethod
    def of(cls, cells):
        return [cls(aspect_id, level) for (aspect_id, _c), (level, _m) in cells.items()]


def _merge(into: dict[int, int], levels: dict[int, int]) -> None:
    for aspect_id, level in levels.items():
        into[aspect_id] = max(into.get(aspect_id, 0), level)


def _bulk_with_history(model, objs):
    """``bulk_create_with_history`` with each row's own ``_history_date``/``_history_user``."""
    _bulk(model, objs)
    _bulk(model.history.model, [
        _historical(model, o, when=o._history_date, user_id=o._history_user) for o in objs
    ])


def seed(*, ctx) -> None:
    s = _Seeder(ctx)
    s.assets()
    s.services()
    s.classifications()
    s.plans()
    # The classification state kept on each asset, as the services keep it (one UPDATE).
    from .services import classification_state_refresh, service_profile_refresh

    classification_state_refresh()
    # The level each IT service needs, from the approved classifications above (one grouped
    # read of the links, the changed rows written in batches).
    service_profile_refresh()
