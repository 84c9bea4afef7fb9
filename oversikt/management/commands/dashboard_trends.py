"""``manage.py dashboard_trends``: the dashboards' kept closed months (``oversikt.trend_cache``).

    manage.py dashboard_trends            # compute and keep what is missing (as beat does)
    manage.py dashboard_trends --forget   # forget every kept month (after history was changed
                                          # around the ORM, e.g. a restore or a bulk import)
"""

from django.core.management.base import BaseCommand

from oversikt import trend_cache


class Command(BaseCommand):
    help = "Fyller i (eller glömmer) de sparade månadsvärdena för översikternas trender."

    def add_arguments(self, parser):
        parser.add_argument("--forget", action="store_true",
                            help="Glöm alla sparade månadsvärden.")

    def handle(self, *args, forget=False, **options):
        if forget:
            n = trend_cache.forget()
            self.stdout.write(f"Glömde {n} sparade månadsvärden.")
        else:
            n = trend_cache.fill_closed_months()
            self.stdout.write(f"Sparade {n} månadsvärden.")
