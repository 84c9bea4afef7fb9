"""``seed_demo``: the privileged demo users get an authenticator app with one fixed secret.

Every chef, revisor and the security function among the demo users (whoever
``selectors.requires_two_factor`` names) is enrolled with ``DEMO_TOTP_SECRET``, so a newcomer
adds that one secret to any authenticator app (or runs ``manage.py demo_totp``) and can log in
as every role. ``seed_demo`` refuses to run with DEBUG off: the secret never reaches production.
"""

from . import selectors, services

# Base32 (RFC 4648), 160 bits, as authenticator apps take it. Printed by seed_demo, in the
# README; bench/otp.py holds the same value for make bench and make loadtest.
DEMO_TOTP_SECRET = "LISDEMOKODSTOCKHOLMSSTADTVASTEGS"  # noqa: S105 - a public demo secret
DEMO_DEVICE_NAME = "Demoapp"


def seed(*, units, users, stdout) -> None:
    from .scale import enrol_scale_users

    enrolled = []
    for username, user in users.items():
        if selectors.requires_two_factor(user):
            services.enrol_with_secret(user=user, secret=DEMO_TOTP_SECRET, name=DEMO_DEVICE_NAME)
            enrolled.append(username)
    enrol_scale_users()  # a city seeded by seed_scale before two-factor login existed
    if not enrolled:
        return
    stdout.write(
        "Tvåstegsverifiering krävs för chefer, revisorer och säkerhetsfunktionen "
        f"({', '.join(enrolled)}).\n"
        f"  Demohemlighet (TOTP, base32) för din autentiseringsapp: {DEMO_TOTP_SECRET}\n"
        "  Eller visa aktuell engångskod: python manage.py demo_totp"
    )
