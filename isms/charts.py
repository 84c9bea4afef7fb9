"""Small inline SVG charts for the pages and the PDF (WeasyPrint renders inline SVG; no JS, no
images): the same code draws both."""

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


# Series of a line chart: told apart by colour, marker shape and dash pattern together (never
# colour alone); each colour has ≥ 4.5:1 contrast on white (and ≥ 3:1 as a graphic).
LINE_STYLES = (
    ("#00366b", "circle", ""),
    ("#8a4b00", "square", "6 4"),
    ("#1d6b2f", "triangle", "2 3"),
)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} '
                f'{x + 5:.1f},{y + 4:.1f}" fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    labels: list[str], series: list[tuple[str, list[int | None]]], *, title: str,
    width: int = 640, height: int = 240, peak: int = 100, suffix: str = " %",
) -> SafeString:
    """A line chart over ``labels`` (e.g. months), one line per (name, values) in ``series``
    (None: nothing to count that month, a gap in the line). The y axis runs 0–``peak``. Each
    series has its own colour, marker and dash pattern, named in a legend; the page gives the
    same values in a table (the text alternative)."""
    top, bottom, left, right = 28, 44, 40, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def y_of(value):
        return top + plot_h - plot_h * min(max(value, 0), peak) / (peak or 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="16" font-size="13" font-weight="bold" '
        f'font-family="DejaVu Sans">{escape(title)}</text>',
    ]
    for tick in range(0, peak + 1, max(peak // 4, 1)):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#c4c4c4" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'font-family="DejaVu Sans" fill="#1b1b1b">{tick}{escape(suffix.strip())}</text>'
        )
    for index, label in enumerate(labels):
        x = left + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" '
            f'font-family="DejaVu Sans" fill="#1b1b1b">{escape(label)}</text>'
        )
    for number, (name, values) in enumerate(series):
        colour, shape, dash = LINE_STYLES[number % len(LINE_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        runs = [run]
        for index, value in enumerate(values):
            if value is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{left + index * step:.1f},{y_of(value):.1f}")
        for points in runs:
            if len(points) > 1:
                parts.append(f'<polyline points="{" ".join(points)}" fill="none" '
                             f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for index, value in enumerate(values):
            if value is not None:
                parts.append(_marker(shape, left + index * step, y_of(value), colour))
        legend_x = left + number * 220
        legend_y = height - 10
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 24}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            + _marker(shape, legend_x + 12, legend_y - 4, colour)
            + f'<text x="{legend_x + 30}" y="{legend_y}" font-size="11" '
            f'font-family="DejaVu Sans" fill="#1b1b1b">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# Stacked series: told apart by colour and a fill pattern together (never colour alone), each
# colour ≥ 3:1 against white and against its neighbours' white pattern lines.
STACK_COLOURS = ("#00366b", "#8a4b00", "#1d6b2f", "#a4161a", "#5c2d91", "#4a4a4a", "#0b4f9c")
STACK_PATTERNS = ("", "diagonal", "dots", "horizontal", "cross", "vertical", "backward")


def _pattern(pattern_id: str, kind: str, colour: str) -> str:
    lines = {
        "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" '
                    'stroke-width="1.5"/>',
        "backward": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#ffffff" '
                    'stroke-width="1.5"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
        "horizontal": '<path d="M0,4 h8" stroke="#ffffff" stroke-width="1.5"/>',
        "vertical": '<path d="M4,0 v8" stroke="#ffffff" stroke-width="1.5"/>',
        "cross": '<path d="M0,4 h8 M4,0 v8" stroke="#ffffff" stroke-width="1.2"/>',
    }[kind]
    return (f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{lines}</pattern>')


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 5:
            return step
    return max(peak // 5, 1)


# A character of the legend's 11 px DejaVu Sans, on average with room to spare: Swedish names
# measure 5.3–5.8 px a character (a name in capitals only would need more).
LEGEND_CHAR_WIDTH = 6.5


def stacked_column_chart(
    labels: list[str], series: list[tuple[str, list[int]]], *, title: str, id_prefix: str,
    width: int = 640, height: int = 260,
) -> SafeString:
    """Columns over ``labels`` (e.g. months), each stacked from ``series`` (name, values), the
    first series at the bottom; the total above each column. Each series has its own colour
    and fill pattern, named in a legend in text; the page gives the values in a table (the text
    alternative). ``id_prefix`` keeps the patterns' ids unique on a page with several charts."""
    top, left, right = 28, 34, 8
    plot_w = width - left - right
    # The legend in three columns, fewer when a name would run into the next one or out of
    # the picture (category names are reference data of any length).
    needed = 20 + LEGEND_CHAR_WIDTH * max((len(name) for name, _values in series), default=0)
    columns = next((n for n in (3, 2) if needed <= plot_w / n), 1)
    legend_rows = -(-len(series) // columns)
    bottom = 24 + 18 * legend_rows
    plot_h = height - top - bottom
    totals = [sum(values[i] or 0 for _name, values in series) for i in range(len(labels))]
    step = _nice_step(max(totals, default=0) or 1)
    peak = max(step * -(-max(totals, default=0) // step), step)
    slot = plot_w / max(len(labels), 1)
    fills = []
    defs = []
    for number, _series in enumerate(series):
        colour = STACK_COLOURS[number % len(STACK_COLOURS)]
        kind = STACK_PATTERNS[number % len(STACK_PATTERNS)]
        if kind:
            pattern_id = f"{escape(id_prefix)}-p{number}"
            defs.append(_pattern(pattern_id, kind, colour))
            fills.append(f"url(#{pattern_id})")
        else:
            fills.append(colour)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart stacked" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<defs>{"".join(defs)}</defs>' if defs else "",
        f'<text x="0" y="16" font-size="13" font-weight="bold" '
        f'font-family="DejaVu Sans">{escape(title)}</text>',
    ]
    for tick in range(0, peak + 1, step):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#c4c4c4" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'font-family="DejaVu Sans" fill="#1b1b1b">{tick}</text>'
        )
    for index, label in enumerate(labels):
        x = left + index * slot + slot * 0.15
        base = top + plot_h
        for number, (_name, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            bar = plot_h * value / peak
            base -= bar
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" '
                         f'height="{bar:.1f}" fill="{fills[number]}" stroke="#ffffff" '
                         f'stroke-width="1"/>')
        if totals[index]:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{base - 3:.1f}" font-size="10" '
                         f'text-anchor="middle" font-family="DejaVu Sans" '
                         f'fill="#1b1b1b">{totals[index]}</text>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 14}" font-size="10" '
                     f'text-anchor="middle" font-family="DejaVu Sans" '
                     f'fill="#1b1b1b">{escape(label)}</text>')
    for number, (name, _values) in enumerate(series):
        legend_x = left + (number % columns) * (plot_w / columns)
        legend_y = top + plot_h + 32 + 18 * (number // columns)
        parts.append(
            f'<rect x="{legend_x:.1f}" y="{legend_y - 10}" width="14" height="12" '
            f'fill="{fills[number]}" stroke="#1b1b1b" stroke-width="0.5"/>'
            f'<text x="{legend_x + 20:.1f}" y="{legend_y}" font-size="11" '
            f'font-family="DejaVu Sans" fill="#1b1b1b">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
