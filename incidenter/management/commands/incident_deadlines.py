"""``manage.py incident_deadlines``: compare the nearest open deadline kept on each incident
(``Incident.next_deadline``, ``services.next_deadline``) with a recomputation from its
obligations; exits 1 naming the incidents that differ. ``--fix`` writes the recomputed values
(needed only after data was changed around the services: a restore, a ``QuerySet.update`` in a
data fix)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incidenter.services.next_deadline import next_deadline_mismatches, next_deadline_refresh


def _text(value) -> str:
    return value.isoformat() if value is not None else "–"


class Command(BaseCommand):
    help = "Kontrollerar incidenternas sparade närmaste frist mot anmälningsskyldigheterna."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Skriv de omräknade värdena.")

    def handle(self, *args, fix=False, **options):
        if fix:
            with transaction.atomic():
                n = next_deadline_refresh()
            self.stdout.write(f"Rättade {n} incidenter.")
            return
        wrong = next_deadline_mismatches()
        for pk, kept, computed in wrong:
            self.stdout.write(f"Incident {pk}: sparad {_text(kept)}, beräknad {_text(computed)}")
        if wrong:
            raise CommandError(
                f"{len(wrong)} incidenter har fel sparad närmaste frist (rätta med --fix).")
        self.stdout.write("Alla incidenters sparade närmaste frister stämmer.")
