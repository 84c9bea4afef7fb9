"""``manage.py service_profiles``: compare the required profile kept on each IT service
(``ITService.required_profile``, ``services.service_profile``) with a recomputation from the
approved classifications; exits 1 naming the services that differ. ``--fix`` writes the
recomputed values (needed only after data was changed around the services: a restore, a
``QuerySet.update`` in a data fix)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from klassning import services


class Command(BaseCommand):
    help = "Kontrollerar it-tjänsternas sparade nivå som krävs mot klassningarna."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Skriv de omräknade värdena.")

    def handle(self, *args, fix=False, **options):
        if fix:
            with transaction.atomic():
                n = services.service_profile_refresh()
            self.stdout.write(f"Rättade {n} it-tjänster.")
            return
        wrong = services.service_profile_mismatches()
        for pk, kept, computed in wrong:
            self.stdout.write(f"It-tjänst {pk}: sparad {kept or '–'}, beräknad {computed or '–'}")
        if wrong:
            raise CommandError(f"{len(wrong)} it-tjänster har fel sparad nivå (rätta med --fix).")
        self.stdout.write("Alla it-tjänsters sparade nivåer stämmer.")
