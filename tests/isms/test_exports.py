import io

from openpyxl import load_workbook

from isms.exports import Column, export_response

ROWS = [{"namn": "Elevregister", "nivå": 3}, {"namn": "=HYPERLINK(\"x\")", "nivå": None}]
COLUMNS = [Column("Namn", lambda r: r["namn"]), Column("Nivå", lambda r: r["nivå"])]


def test_csv_is_excel_friendly_and_formula_safe():
    response = export_response(rows=ROWS, columns=COLUMNS, title="Informationsmängder", fmt="csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffNamn;Nivå")
    assert "Elevregister;3" in body
    assert "'=HYPERLINK" in body
    assert 'filename="informationsmangder-' in response["Content-Disposition"]


def test_xlsx_has_header_and_rows():
    response = export_response(rows=ROWS, columns=COLUMNS, title="Åtgärdsplan", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]] == ["Namn", "Nivå"]
    assert sheet["A2"].value == "Elevregister" and sheet["B2"].value == 3
    assert sheet["A3"].data_type == "s"  # stays text, never a formula
    assert sheet["A3"].value == '=HYPERLINK("x")'
