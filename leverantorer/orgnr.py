"""Swedish organisation numbers (organisationsnummer), reusable by every app.

Accepted input, spaces around it ignored:

- ten digits, ``NNNNNN-NNNN`` or ``NNNNNNNNNN`` (a legal person's organisationsnummer, or the
  personnummer a sole trader, *enskild firma*, uses as its organisation number);
- twelve digits with a century or the legal-person prefix in front, ``16``, ``19`` or ``20``
  (``NNNNNNNN-NNNN`` or ``NNNNNNNNNNNN``), as the Tax Agency and many registers write them: the
  prefix is dropped.

The result is always stored as ``NNNNNN-NNNN``. The last digit is a Luhn (modulus 10) check
digit over the ten digits. What is deliberately *not* checked: that the third digit is 2 or more
(true for legal persons, not for a sole trader's personnummer, which the register must accept),
and that a personnummer's date part is a real date (the check digit catches typing errors, which
is what matters here). The ``+`` separator of people aged 100 or more is not accepted: a company
registered on such a person can be written with its twelve digits.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENTURY_PREFIXES = ("16", "19", "20")
EXAMPLE = "556016-0680"

_SHAPES = (
    re.compile(r"^(?P<first>\d{6})-?(?P<last>\d{4})$"),
    re.compile(r"^(?P<prefix>\d{2})(?P<first>\d{6})-?(?P<last>\d{4})$"),
)

MESSAGES = {
    "characters": _(
        "Organisationsnumret får bara innehålla siffror och ett bindestreck, t.ex. %(example)s."
    ),
    "length": _("Organisationsnumret ska ha 10 siffror, t.ex. %(example)s."),
    "shape": _("Skriv organisationsnumret som NNNNNN-NNNN, t.ex. %(example)s."),
    "prefix": _(
        "Ett organisationsnummer med 12 siffror ska börja med 16, 19 eller 20, "
        "t.ex. 16%(example)s."
    ),
    "check_digit": _(
        "Kontrollsiffran stämmer inte. Kontrollera organisationsnumret, t.ex. %(example)s."
    ),
}


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params={"example": EXAMPLE})


def luhn_sum(digits: str) -> int:
    """The Luhn sum of ``digits``, weights 2, 1, 2, 1, … from the first digit."""
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total


def check_digit(first_nine: str) -> int:
    """The check digit that completes nine digits into a valid number (for demo data, tests)."""
    if not re.fullmatch(r"\d{9}", first_nine):
        raise ValueError("nine digits expected")
    return (10 - luhn_sum(first_nine) % 10) % 10


def with_check_digit(first_nine: str) -> str:
    """``"556016068"`` → ``"556016-0680"``."""
    digits = f"{first_nine}{check_digit(first_nine)}"
    return f"{digits[:6]}-{digits[6:]}"


def normalise(value: str) -> str:
    """``value`` as ``NNNNNN-NNNN``, or a ``ValidationError`` with a Swedish message.

    An empty value stays empty (the number is optional); callers that require it check that.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if not re.fullmatch(r"[\d-]+", text):
        raise _error("characters")
    digits = text.replace("-", "")
    if len(digits) not in (10, 12):
        raise _error("length")
    match = next((m for shape in _SHAPES if (m := shape.match(text))), None)
    if match is None:
        raise _error("shape")
    if match.groupdict().get("prefix") is not None and match["prefix"] not in CENTURY_PREFIXES:
        raise _error("prefix")
    ten = match["first"] + match["last"]
    if luhn_sum(ten) % 10:
        raise _error("check_digit")
    return f"{ten[:6]}-{ten[6:]}"


def is_valid(value: str) -> bool:
    try:
        return bool(normalise(value))
    except ValidationError:
        return False


def validate_org_number(value: str) -> None:
    """Model-field validator: a stored number is in its normalised shape with a right check
    digit (the services normalise before saving)."""
    if not value:
        return
    if normalise(value) != value:
        raise _error("shape")
