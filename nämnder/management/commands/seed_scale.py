"""A deterministic city-sized data set for ``make bench``. Refuses with DEBUG off.

    manage.py seed_scale               # the city: 20,000 information assets, 1,000 IT services, …
    manage.py seed_scale --scale 0.1   # a tenth, for a quick run

Loads seed_demo's organisation and users first, then runs every app's scale seeder
(``isms.plugins.register_scale_seeder``) in one transaction, with one seeded random generator:
the same scale and seed give the same data. Does nothing when the city is already seeded.
"""

import datetime as dt
import io
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from isms import plugins
from nämnder import demo, scale
from nämnder.models import OrganisationUnit


class Command(BaseCommand):
    help = "Fyller databasen med en stad i full skala för prestandamätning (endast med DEBUG på)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Andel av stadens storlek (1 = 20 000 informationsmängder).")
        parser.add_argument("--seed", type=int, default=2026, help="Slumptalsfrö.")

    def handle(self, *args, scale: float, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError("seed_scale vägrar köras när DEBUG är avstängt (produktion).")
        if not 0 < scale <= 5:
            raise CommandError("--scale ska vara större än 0 och högst 5.")
        call_command("seed_demo", stdout=io.StringIO())
        if scale_seeded():
            self.stdout.write("Staden är redan inläst (seed_scale har körts); inget ändrat.")
            return
        User = get_user_model()
        # Noon today: the data depend on the day the command runs, not on the hour.
        now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        ctx = plugins.ScaleContext(
            rng=random.Random(seed), scale=scale, now=now, stdout=self.stdout,
            units={u.short_name: u for u in OrganisationUnit.objects.order_by("short_name")},
            users={u.username: u for u in User.objects.filter(
                username__in=[row[0] for row in demo.DEMO_USERS])},
        )
        started = time.perf_counter()
        with transaction.atomic():
            for seeder in plugins.scale_seeders():
                t0 = time.perf_counter()
                seeder(ctx=ctx)
                self.stdout.write(f"  {seeder.__module__}: {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for what, n in ctx.counts.items():
            self.stdout.write(f"  {what}: {n}")
        self.stdout.write(self.style.SUCCESS(
            f"Staden inläst i skala {scale} på {dt.timedelta(seconds=round(time.perf_counter() - started))}."
        ))


def scale_seeded() -> bool:
    return scale.is_seeded()
