"""Small inline SVG charts for the PDF (WeasyPrint renders inline SVG; no JS, no images)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOURS = ("#00366b", "#0b4f9c", "#4a7ab8", "#8a4b00", "#a4161a", "#1d6b2f")


def bar_chart(
    items: list[tuple[str, int]], *, title: str, width: int = 640, bar_height: int = 20,
    colour: str = BAR_COLOURS[0],
) -> SafeString:
    """A horizontal bar chart: one labelled bar per (label, value)."""
    label_width, gap, top = 190, 6, 28
    height = top + len(items) * (bar_height + gap) + 8
    peak = max((value for _label, value in items), default=0) or 1
    scale = (width - label_width - 60) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-size="13" font-weight="bold" '
        f'font-family="DejaVu Sans">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(int(value * scale), 1 if value else 0)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" font-size="11" '
            f'text-anchor="end" font-family="DejaVu Sans">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.1f}" font-size="11" '
            f'font-family="DejaVu Sans">{int(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(
    items: list[tuple[str, int]], *, title: str, width: int = 640, height: int = 200,
    colour: str = BAR_COLOURS[1],
) -> SafeString:
    """A vertical column chart (e.g. changes per month)."""
    top, bottom, left = 28, 24, 10
    plot_height = height - top - bottom
    slot = (width - left) / max(len(items), 1)
    peak = max((value for _label, value in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-size="13" font-weight="bold" '
        f'font-family="DejaVu Sans">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width}" y2="{top + plot_height}" '
        f'stroke="#4a4a4a" stroke-width="1"/>',
    ]
    for index, (label, value) in enumerate(items):
        bar = int(plot_height * value / peak)
        x = left + index * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_height - bar}" width="{slot * 0.7:.1f}" '
            f'height="{bar}" fill="{colour}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{height - 8}" font-size="10" '
            f'text-anchor="middle" font-family="DejaVu Sans">{escape(label)}</text>'
        )
        if value:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_height - bar - 3}" '
                f'font-size="10" text-anchor="middle" font-family="DejaVu Sans">{int(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
