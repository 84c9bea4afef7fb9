"""``manage.py dashboard_figures --forget``: forget the city's kept key figures
(``oversikt.figure_cache``); the next view computes them again. Needed only after data a figure
counts was changed around the ORM's history (a restore, ``QuerySet.update`` in a data fix)."""

from django.core.management.base import BaseCommand

from oversikt import figure_cache


class Command(BaseCommand):
    help = "Glömmer stadens sparade nyckeltal (de beräknas igen vid nästa visning)."

    def add_arguments(self, parser):
        parser.add_argument("--forget", action="store_true", help="Glöm de sparade nyckeltalen.")

    def handle(self, *args, forget=False, **options):
        if not forget:
            self.stdout.write("Ange --forget för att glömma de sparade nyckeltalen.")
            return
        n = figure_cache.forget()
        self.stdout.write(f"Glömde {n} sparade nyckeltal.")
