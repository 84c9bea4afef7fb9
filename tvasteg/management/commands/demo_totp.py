"""Print the current one-time code of the demo secret (DEBUG only), for trying a privileged
demo login without an authenticator app."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from tvasteg.demo import DEMO_TOTP_SECRET
from tvasteg.services import key_from_secret


class Command(BaseCommand):
    help = "Visar demohemlighetens aktuella engångskod (endast med DEBUG på)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp vägrar köras när DEBUG är avstängt (produktion).")
        key = bytes.fromhex(key_from_secret(DEMO_TOTP_SECRET))
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp(key):06d}  (gäller i {left} s till; en kod används en gång)")
