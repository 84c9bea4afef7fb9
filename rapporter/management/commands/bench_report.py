"""Scale check: a unit at city scale (500 classified assets with action plans, 50 IT services),
then time the unit report's generation (selectors + HTML, WeasyPrint) and count its queries.

    .venv/bin/python manage.py bench_report            # rolled back afterwards
    .venv/bin/python manage.py bench_report --keep     # keep the data and the archived report

Refuses to run with DEBUG off (it writes demo data).
"""

import random
import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from klassning import services as klassning_services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationAssessment,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ITServiceKind,
    PersonalData,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)
from nämnder import services as unit_services
from nämnder.models import OrganisationUnit, UnitKind
from rapporter import rendering, services
from rapporter.models import Report, ReportKind


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mäter hur lång tid en årsrapport tar för en enhet i stadens skala."

    def add_arguments(self, parser):
        parser.add_argument("--assets", type=int, default=500)
        parser.add_argument("--services", type=int, default=50)
        parser.add_argument("--keep", action="store_true", help="Behåll data och rapport.")

    def handle(self, *args, assets, services, keep, **options):
        if not settings.DEBUG:
            raise CommandError("bench_report vägrar köras när DEBUG är avstängt.")
        random.seed(4)
        try:
            with transaction.atomic():
                self._run(n_assets=assets, n_services=services, keep=keep)
                if not keep:
                    raise Rollback
        except Rollback:
            self.stdout.write("Testdata och rapport är borttagna (använd --keep för att behålla).")

    def _seed(self, *, n_assets: int, n_services: int) -> OrganisationUnit:
        start = time.perf_counter()
        stamp = timezone.now().strftime("%H%M%S%f")
        unit = unit_services.unit_create(
            actor=None, name=f"Skalningstest {stamp} stadsdelsnämnd",
            administration_name="Skalningstest stadsdelsförvaltning", short_name=f"skala-{stamp}",
            kind=UnitKind.DISTRICT_BOARD, chief_name="Åsa Öberg",
            coordinator_name="Örjan Ärlig",
        )
        its = bulk_create_with_history([
            ITService(unit=unit, name=f"It-tjänst {i:03}", kind=random.choice(ITServiceKind.values),
                      supplier="Leverantör AB")
            for i in range(n_services)
        ], ITService)
        assets = bulk_create_with_history([
            InformationAsset(unit=unit, name=f"Informationsmängd {i:04} – ärenden på Hökarängsvägen",
                             personal_data=random.choice(PersonalData.values),
                             security_protection=(i % 100 == 99))
            for i in range(n_assets)
        ], InformationAsset)
        through = InformationAsset.it_services.through
        through.objects.bulk_create([
            through(informationasset_id=a.pk, itservice_id=its[i % len(its)].pk)
            for i, a in enumerate(assets) if not a.security_protection
        ])
        today = timezone.localdate()
        classifications = bulk_create_with_history([
            Classification(
                asset=a, number=1, status=ClassificationStatus.APPROVED, approved_at=timezone.now(),
                review_due=today.replace(year=today.year + (1 if i % 7 else -1)),
            )
            for i, a in enumerate(assets) if not a.security_protection
        ], Classification)
        aspects = list(Aspect.objects.all())
        category = ConsequenceCategory.objects.filter(is_active=True).first()
        cells, profiles = [], {}
        for c in classifications:
            levels = {a.pk: random.randint(0, 4) for a in aspects}
            profiles[c.pk] = klassning_services.profile_for(levels, aspects)
            cells += [
                ClassificationAssessment(classification=c, aspect_id=aspect_id, category=category,
                                         level=level, motivation="Skalningstest")
                for aspect_id, level in levels.items()
            ]
        ClassificationAssessment.objects.bulk_create(cells, batch_size=1000)
        for c in classifications:
            c.profile = profiles[c.pk]
        Classification.objects.bulk_update(classifications, ["profile"], batch_size=500)
        # The state the asset lists and the report read, as the services keep it.
        klassning_services.classification_state_refresh(
            assets=InformationAsset.objects.filter(unit=unit)
        )
        # The per-aspect levels the plans below are derived from, as the services keep them.
        klassning_services.classification_levels_refresh(
            classifications=Classification.objects.filter(asset__unit=unit)
        )
        # The level each of its IT services needs (``ITService.required_profile``).
        klassning_services.service_profile_refresh(service_ids=[s.pk for s in its])
        # The action plans, as the classification workflow computes them.
        klassning_services.plans_recompute_for_unit(actor=None, unit=unit)
        for service in its:
            klassning_services.plans_recompute_for_service(actor=None, service=service)
        for model, owner in ((UnitRequirement, {"unit": unit}),
                             (ServiceRequirement, {"it_service__unit": unit})):
            items = list(model.objects.filter(**owner))
            for item in items:
                item.status = random.choice([PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS,
                                             PlanStatus.FULFILLED, PlanStatus.FULFILLED])
                item.due_date = today.replace(year=today.year - 1 if item.pk % 3 == 0 else today.year + 1)
            model.objects.bulk_update(items, ["status", "due_date"], batch_size=500)
        self.stdout.write(
            f"Data: {n_assets} informationsmängder, {len(classifications)} fastställda klassningar, "
            f"{n_services} it-tjänster, "
            f"{UnitRequirement.objects.filter(unit=unit).count()} organisatoriska krav, "
            f"{ServiceRequirement.objects.filter(it_service__unit=unit).count()} tekniska krav "
            f"({time.perf_counter() - start:.1f} s)."
        )
        return unit

    def _run(self, *, n_assets: int, n_services: int, keep: bool):
        unit = self._seed(n_assets=n_assets, n_services=n_services)
        report = Report(kind=ReportKind.UNIT_YEARLY, unit=unit, year=timezone.localdate().year,
                        parameters={"benchmark": True})
        report.save()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            html = rendering.render_report_html(report=report, generated_at=timezone.now())
            t1 = time.perf_counter()
        self.stdout.write(
            f"HTML (selektorer + mallar): {t1 - t0:.2f} s, {len(html) / 1024:.0f} kB, "
            f"{len(queries)} SQL-frågor."
        )
        t2 = time.perf_counter()
        report = services.report_generate(report_id=report.pk)
        t3 = time.perf_counter()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        from pypdf import PdfReader

        pages = len(PdfReader(report.file.open("rb")).pages)
        report.file.close()
        self.stdout.write(self.style.SUCCESS(
            f"Hela genereringen (HTML + WeasyPrint + arkiv): {t3 - t2:.2f} s, {pages} sidor, "
            f"{report.size / 1024:.0f} kB, SHA-256 {report.sha256[:16]}…; "
            f"max RSS {rss_after / 1024:.0f} MB (före rapporten {rss_before / 1024:.0f} MB)."
        ))
        if not keep:  # the rows are rolled back; the file is not part of the transaction
            report.file.storage.delete(report.file.name)
