"""Training: the learning platform's CSV (errors name row and column, all or nothing,
idempotent) and the completion share per unit."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from isms.dates import local_today
from ledningssystem import selectors, services
from ledningssystem.models import TrainingCompletion, TrainingImport

from .helpers import course, csv_file

pytestmark = pytest.mark.django_db


def _day(n=1):
    return (local_today() - dt.timedelta(days=n)).isoformat()


def test_a_bad_row_imports_nothing_and_names_row_and_column(farsta, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(reverse("ledningssystem:training_import"), {
        "unit": farsta.pk,
        "file": csv_file([
            ("anna@example.se", "Anna", "infosak-grund", _day()),
            ("bo@example.se", "Bo", "infosak-grund", "2026-13-45"),
            ("cia@example.se", "Cia", "okänd-kurs", _day()),
        ]),
    })
    assert response.status_code == 400
    text = response.content.decode()
    assert "Rad 3, kolumn ”datum”" in text
    assert "Rad 4, kolumn ”kurs”" in text
    assert "Ingenting är sparat" in text
    assert not TrainingCompletion.objects.exists() and not TrainingImport.objects.exists()


def test_missing_column_is_named(farsta, coordinator):
    item, parsed = services.import_preview(
        actor=coordinator, unit=farsta,
        upload=csv_file([("anna@example.se", "x")], header="e-post;namn"))
    assert item is None
    assert "kolumnen kurs, datum saknas" in parsed.errors[0]


def _import(actor, unit, upload):
    item, parsed = services.import_preview(actor=actor, unit=unit, upload=upload)
    assert item is not None, parsed.errors
    return services.import_confirm(actor=actor, training_import=item)


def test_preview_then_confirm_and_the_same_file_twice_adds_nothing(farsta, coordinator, client_for):
    rows = [(f"p{i}@example.se", f"P {i}", "infosak-grund", _day(i)) for i in range(1, 6)]
    client = client_for(coordinator)
    response = client.post(reverse("ledningssystem:training_import"),
                           {"unit": farsta.pk, "file": csv_file(rows)})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "p1@example.se" in preview.content.decode()
    assert not TrainingCompletion.objects.exists()  # the preview stores nothing yet
    item = TrainingImport.objects.get()
    assert client.post(reverse("ledningssystem:import_confirm", args=[item.pk])).status_code == 302
    assert TrainingCompletion.objects.count() == 5
    # Confirming again does nothing; a new upload of the same file adds nothing.
    client.post(reverse("ledningssystem:import_confirm", args=[item.pk]))
    again = _import(coordinator, farsta, csv_file(rows))
    assert (again.created, again.existing) == (0, 5)
    assert TrainingCompletion.objects.count() == 5


def test_course_by_name_comma_separated_and_upper_case_email(farsta, coordinator):
    text = f"E-post,Kurs,Datum\nANNA@Example.se,{course().name},{_day()}\n"
    upload = SimpleUploadedFile("x.csv", text.encode("utf-8-sig"))
    item = _import(coordinator, farsta, upload)
    assert item.created == 1
    assert TrainingCompletion.objects.get().person == "anna@example.se"


def test_completion_share_per_unit(farsta, bromma, coordinator, make_person):
    services.staff_count_set(actor=coordinator, unit=farsta, year=local_today().year, count=4)
    _import(coordinator, farsta, csv_file(
        [(f"p{i}@example.se", "", "infosak-grund", _day()) for i in range(3)]))
    shares = selectors.shares(units=[farsta, bromma], year=local_today().year)
    assert shares[farsta.pk] == {"staff": 4, "completed": 3, "percent": 75}
    assert shares[bromma.pk]["percent"] is None  # no staff count: no share


def test_last_years_completion_does_not_count_this_year(farsta, coordinator):
    year = local_today().year
    services.staff_count_set(actor=coordinator, unit=farsta, year=year, count=2)
    services.completion_create(actor=coordinator, unit=farsta, person="a@example.se",
                               course=course(), completed_on=dt.date(year - 1, 6, 1))
    assert selectors.shares(units=[farsta], year=year)[farsta.pk]["completed"] == 0


def test_another_units_training_is_404_and_auditor_cannot_import(
    farsta, coordinator, outsider, unit_auditor, client_for
):
    item = _import(coordinator, farsta, csv_file([("a@example.se", "", "infosak-grund", _day())]))
    completion = TrainingCompletion.objects.get()
    client = client_for(outsider)
    assert client.get(reverse("ledningssystem:import_detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("ledningssystem:completion_delete", args=[completion.pk])).status_code == 404
    assert "a@example.se" not in client.get(reverse("ledningssystem:completion_list")).content.decode()
    auditor = client_for(unit_auditor)
    assert "a@example.se" in auditor.get(reverse("ledningssystem:completion_list")).content.decode()
    assert auditor.get(reverse("ledningssystem:training_import")).status_code == 403
    assert auditor.post(reverse("ledningssystem:completion_delete", args=[completion.pk])).status_code == 403


def test_staff_count_page_sets_count(farsta, coordinator, client_for):
    client = client_for(coordinator)
    year = local_today().year
    response = client.post(reverse("ledningssystem:staff_counts"),
                           {"unit": farsta.pk, "year": year, "count": 12})
    assert response.status_code == 302
    assert selectors.shares(units=[farsta], year=year)[farsta.pk]["staff"] == 12
    page = client.get(reverse("ledningssystem:staff_counts"))
    assert "Farsta stadsdelsnämnd" in page.content.decode()


def test_staff_counts_imported_all_or_nothing(farsta, bromma, coordinator, client_for):
    client = client_for(coordinator)
    year = local_today().year
    url = reverse("ledningssystem:staff_counts")
    bad = SimpleUploadedFile("hr.csv", f"enhet;år;antal\nfarsta;{year};40\nbromma;{year};30\n".encode())
    response = client.post(url, {"staff_file": bad})
    assert response.status_code == 200
    assert "Rad 3, kolumn ”enhet”" in response.content.decode()  # Bromma: not theirs to edit
    assert selectors.shares(units=[farsta], year=year)[farsta.pk]["staff"] is None
    good = SimpleUploadedFile("hr.csv", f"Enhet;År;Antal\nFarsta stadsdelsnämnd;{year};40\n".encode())
    assert client.post(url, {"staff_file": good}).status_code == 302
    assert selectors.shares(units=[farsta], year=year)[farsta.pk]["staff"] == 40
