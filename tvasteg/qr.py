"""The enrolment page's QR code, drawn here as inline SVG (segno, pure Python): the secret
never leaves the portal for a QR service, and the page needs no script or image request."""

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    """``data`` (an ``otpauth://`` URI) as an accessible SVG image named ``title``."""
    svg = segno.make(data, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        omitsize=False,
    )
    # The name for screen readers: role="img" with aria-label (segno's own <title> would need
    # escaping of a text we pass in; format_html escapes it here).
    opening = format_html('<svg role="img" aria-label="{}" focusable="false"', title)
    return mark_safe(svg.replace("<svg", opening, 1))  # noqa: S308 - segno's markup, title escaped
