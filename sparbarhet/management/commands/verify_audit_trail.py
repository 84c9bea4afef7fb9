"""``manage.py verify_audit_trail``: walk the audit trail's hash chain and report the first
broken link (exit status 1), or that it is whole. Recorded like the nightly run."""

from django.core.management.base import BaseCommand, CommandError

from sparbarhet import services


class Command(BaseCommand):
    help = "Kontrollerar granskningsloggens hashkedja och anger den första brutna länken."

    def handle(self, *args, **options):
        verification = services.trail_verify()
        if not verification.ok:
            raise CommandError(
                f"Bruten vid händelse nr {verification.first_broken_seq}: {verification.message}"
            )
        self.stdout.write(
            f"{verification.message} Sista händelse: nr {verification.head_seq}, "
            f"kontrollsumma {verification.head_hash}."
        )
