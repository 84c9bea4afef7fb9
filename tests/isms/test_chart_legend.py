"""The stacked chart's legend: every name stays inside the picture and clear of the next one,
whatever the length of the names (incident categories are reference data the city edits). In
the yearly report "Konfidentiella (kategori redovisas inte)" ran out of the chart."""

import re
from pathlib import Path

import pytest

from isms.charts import stacked_column_chart

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)" font-size="11"[^>]*>([^<]+)</text>')


@pytest.mark.parametrize("names", [
    ["Nätfiske", "Felskickad information", "Konfidentiella (kategori redovisas inte)"],
    ["Obehörig åtkomst till personuppgifter i verksamhetssystem", "Skadlig kod", "Övrigt",
     "Förlorad eller stulen utrustning", "Konfidentiella (kategori redovisas inte)"],
    ["A", "B", "C", "D"],
])
def test_legend_names_fit_in_the_chart_and_do_not_overlap(names):
    if not FONT.exists():
        pytest.skip("needs the DejaVu Sans font to measure the names")
    from PIL import ImageFont

    font = ImageFont.truetype(str(FONT), 11)
    width = 640
    svg = str(stacked_column_chart(
        ["Jan", "Feb"], [(name, [1, 2]) for name in names], title="Incidenter",
        id_prefix="t", width=width,
    ))
    entries = [(float(x), float(y), text) for x, y, text in TEXT.findall(svg)]
    assert [text for _x, _y, text in entries] == names
    rows: dict[float, list] = {}
    for x, y, text in entries:
        rows.setdefault(y, []).append((x, x + font.getlength(text)))
    for row in rows.values():
        row.sort()
        for (_x, end), (next_x, _next_end) in zip(row, row[1:], strict=False):
            assert end <= next_x - 20 - 4  # clear of the next entry's swatch
        assert row[-1][1] <= width
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert max(y for _x, y, _t in entries) <= height
