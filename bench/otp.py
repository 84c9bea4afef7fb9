"""The second step of the login for ``make bench`` and ``make loadtest`` (stdlib only).

``seed_scale`` gives every privileged scale user (chefs, revisorer, the security function) an
authenticator app holding the demo secret (``tvasteg.demo``); the bench clients type its current
code on the verification page, as a person does. django-otp accepts each 30-second step once
per person: a second login of the same person within one step is refused, so the clients try
the next step's code, and then wait for the clock (``codes``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

# tvasteg.demo.DEMO_TOTP_SECRET (tests/tvasteg/test_tvasteg_demo.py checks they agree).
DEMO_TOTP_SECRET = "LISDEMOKODSTOCKHOLMSSTADTVASTEGS"  # noqa: S105 - a public demo secret
VERIFY_PATH = "/tvastegsverifiering/verifiera/"
STEP = 30
ATTEMPTS = 3  # codes() yields this many


def code(secret: str = DEMO_TOTP_SECRET, *, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s): what an authenticator app shows at ``at`` (now)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def codes():
    """The codes to try in turn, with the waits between them: django-otp accepts a person's
    time step once, one step either side of its clock, and makes the next attempt wait a
    second after a refused code (two after two). So: this step's code; then the next step's
    (this one was used by a login moments ago); then, in the next step, the one after."""
    yield code()
    time.sleep(1.2)
    yield code(at=time.time() + STEP)
    time.sleep(max(STEP - time.time() % STEP, 0) + 2.2)
    yield code(at=time.time() + STEP)
