"""``manage.py readiness``: the checks of ``/readyz`` without HTTP (the worker's healthcheck).

Prints the JSON ``/readyz`` answers and exits 1 if a checked dependency fails. ``--only``
limits the checks, e.g. ``--only database,broker,worker``.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from isms import health


class Command(BaseCommand):
    help = "Kontrollerar databas, migreringar, mäklare och arbetsprocess (som /readyz)."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="kommaseparerade kontroller")

    def handle(self, *args, only="", **options):
        keys = tuple(k.strip() for k in only.split(",") if k.strip()) or None
        results = health.run_checks(keys=keys)
        self.stdout.write(json.dumps(results, ensure_ascii=False))
        failed = [key for key, result in results.items() if not result["ok"]]
        if failed:
            raise CommandError(f"Inte redo: {', '.join(failed)}")
