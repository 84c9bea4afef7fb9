"""``<id:pk>``: a database id in a URL. Like ``<int:…>`` but limited to what fits a signed
64-bit id (BigAutoField), so a longer number is simply no match (404) and never reaches the
database, where it would overflow (OverflowError on SQLite, an out-of-range error on
PostgreSQL). Registered when imported: every ``urls.py`` imports it."""

from django.urls import register_converter

MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Whether ``value`` (a posted or typed value) can be a database id: ASCII digits (``"²"``
    is a digit to ``str.isdigit`` but not to ``int``), fits 64 bits."""
    text = str(value).strip()
    return len(text) <= 19 and text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the URL does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
