"""WCAG 2.1 contrast between a level's text and background colour (``#rrggbb``)."""

MIN_CONTRAST = 4.5


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) != 6:
        raise ValueError(colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(background: str, text: str) -> float:
    a, b = sorted((_luminance(background), _luminance(text)), reverse=True)
    return (a + 0.05) / (b + 0.05)
