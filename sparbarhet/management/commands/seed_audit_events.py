"""``manage.py seed_audit_events``: valid, chained audit events in bulk, for measuring the audit
log at scale (``sparbarhet.scale``). Refuses to run with DEBUG off.

    manage.py seed_audit_events --count 1000000   # append a million
    manage.py seed_audit_events --total 1000000   # append what is missing up to a million
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sparbarhet import scale, selectors


class Command(BaseCommand):
    help = ("Lägger till giltiga, kedjade händelser i granskningsloggen för prestandamätning "
            "(endast med DEBUG på).")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--count", type=int, help="Antal händelser att lägga till.")
        group.add_argument("--total", type=int,
                           help="Fyll på tills kedjan har så många händelser.")
        parser.add_argument("--days", type=int, default=365,
                            help="Händelserna sprids över så många dagar bakåt (365).")
        parser.add_argument("--seed", type=int, default=2026, help="Slumptalsfrö.")

    def handle(self, *args, count, total, days, seed, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_audit_events vägrar köras när DEBUG är avstängt (produktion)."
            )
        head = selectors.chain_head().seq
        if total is not None:
            count = max(0, total - head)
        if count < 0 or count > 50_000_000 or days < 1:
            raise CommandError("--count/--total ska vara 0–50 000 000 och --days minst 1.")
        if count == 0:
            self.stdout.write(f"Granskningsloggen har redan {head} händelser; inget ändrat.")
            return
        started = time.perf_counter()
        try:
            last = scale.events_generate(
                count=count, rng=random.Random(seed + head), days=days, stdout=self.stdout
            )
        except ValueError as exc:
            raise CommandError(f"{exc} Kör seed_demo först.")
        self.stdout.write(self.style.SUCCESS(
            f"{count} händelser tillagda på {time.perf_counter() - started:.0f} s; "
            f"kedjans sista händelse är nr {last}."
        ))
