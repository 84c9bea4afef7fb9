"""Issue 9: the requirements table of an action plan and of an IT service, built once per page
(``klassning.views.plan_rows``), shows what the template showed, escaped; the whole plan's
status counts and acknowledgement come from the table itself when nothing is filtered; the
IT service list counts each service's users on its own rows only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning import services
from klassning.models import PlanStatus, ServiceRequirement, UnitRequirement
from tests.handover_helpers import PDF, build
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(farsta, bromma, official, chief, make_person):
    return build(farsta=farsta, bromma=bromma, official=official, chief=chief,
                 make_person=make_person)


def _update(item, actor, **fields):
    return services.plan_item_update(actor=actor, item=item, expected_version=item.version,
                                     **fields)


def _row(page: str, code: str) -> str:
    start = page.index(f'<td class="code" data-label="Id">{code}</td>')
    return page[start:page.index("</tr>", start)]


def test_plan_rows_show_status_evidence_and_people_escaped(handover, official, farsta,
                                                           client_for):
    items = list(UnitRequirement.objects.filter(unit=farsta, is_current=True)
                 .select_related("requirement").order_by("requirement__code"))
    fulfilled, not_applicable, late = items[:3]
    _update(fulfilled, official, status=PlanStatus.FULFILLED,
            evidence_note="<b>Rutin</b> " + "x" * 300, evidence_link="https://intra.example/r",
            evidence_file=SimpleUploadedFile("rapport.pdf", PDF), responsible="IT-enheten",
            responsible_user=official)
    _update(not_applicable, official, status=PlanStatus.NOT_APPLICABLE,
            motivation="Gäller inte <script>alert(1)</script>")
    _update(late, official, status=PlanStatus.IN_PROGRESS, due_date=dt.date(2020, 1, 1))

    page = client_for(official).get(reverse("klassning:unit_plan", args=[farsta.pk])).content.decode()

    row = _row(page, fulfilled.requirement.code)
    edit = reverse("klassning:unit_item_edit", args=[fulfilled.pk])
    assert (f'<a href="{edit}" aria-label="Ändra status för {fulfilled.requirement.code} '
            '(Uppfylld)">Uppfylld</a>') in row
    assert '<p class="help">&lt;b&gt;Rutin&lt;/b&gt; ' in row and "x" * 300 not in row
    assert '<a href="https://intra.example/r" rel="noopener noreferrer">Länk till underlag</a>' in row
    download = reverse("klassning:evidence_download", args=["enhet", fulfilled.pk])
    assert f'<a href="{download}">Underlag: rapport.pdf</a>' in row
    name = official.get_full_name() or official.username
    assert f'<td data-label="Ansvarig">{name}<br>IT-enheten</td>' in row

    row = _row(page, not_applicable.requirement.code)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row and "<script>alert" not in page
    assert '<td data-label="Ansvarig">–</td>' in row

    row = _row(page, late.requirement.code)
    assert '2020-01-01 <span class="badge overdue">Försenad</span>' in row
    assert page.count('<span class="badge overdue">Försenad</span>') == 1
    # Krävs av: the asset, linked (the viewer may open it).
    assert f'Krävs av: <a href="{reverse("klassning:asset_detail", args=[handover.asset.pk])}">' in row


def test_service_rows_new_badge_and_no_link_without_report_right(handover, farsta, bromma,
                                                                  make_person, client_for):
    reader = make_person("handlaggare.bromma2", bromma)
    handover.service.user_units.add(bromma)
    page = client_for(reader).get(
        reverse("klassning:service_detail", args=[handover.service.pk])).content.decode()
    row = _row(page, "K-09")
    assert '<span class="badge new">Nytt, ej kvitterat</span>' in row
    assert '<td data-label="Status">Ej påbörjad</td>' in row
    assert "Ändra status" not in page


def _status_counts(page: str) -> str:
    start = page.index('<p class="status-counts">')
    return page[start:page.index("</p>", start)]


def test_whole_plan_counts_and_acknowledgement_without_extra_reads(handover, chief, client_for):
    """Unfiltered, the status counts and the acknowledgement are taken from the table's rows;
    filtered, they still describe the whole plan."""
    items = ServiceRequirement.objects.filter(it_service=handover.service, is_current=True)
    total = items.count()
    _update(handover.item, chief, status=PlanStatus.FULFILLED, evidence_note="Klart")
    client = client_for(chief)
    url = reverse("klassning:service_detail", args=[handover.service.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    plan_reads = [q["sql"] for q in ctx.captured_queries
                  if 'FROM "klassning_servicerequirement"' in q["sql"]]
    assert len(plan_reads) == 1, plan_reads
    counts = _status_counts(page)
    assert f"Ej påbörjad: <strong>{total - 1}</strong>" in counts
    assert "Uppfylld: <strong>1</strong>" in counts
    assert f"{total} krav är nya och inte kvitterade." in page

    filtered = client.get(url + "?status=fulfilled").content.decode()
    assert _status_counts(filtered) == counts
    assert f"{total} krav är nya och inte kvitterade." in filtered
    assert filtered.count('<td class="code"') == 1

    services.service_requirements_acknowledge(actor=handover.owner, service=handover.service)
    page = client.get(url).content.decode()
    assert "Kraven kvitterades senast" in page and "nya och inte kvitterade" not in page


def test_unit_plan_reads_its_items_once(handover, farsta, official, client_for):
    client = client_for(official)
    url = reverse("klassning:unit_plan", args=[farsta.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    reads = [q["sql"] for q in ctx.captured_queries
             if 'FROM "klassning_unitrequirement"' in q["sql"]]
    assert len(reads) == 1, reads
    total = UnitRequirement.objects.filter(unit=farsta, is_current=True).count()
    assert f"Ej påbörjad: <strong>{total}</strong>" in _status_counts(page)


def test_service_list_counts_active_users_per_row(farsta, bromma, chief, security_function,
                                                  client_for):
    """The users column counts active units; the query counting the list's rows groups
    nothing (it counted every service's links at city scale)."""
    shared = make_service(farsta, chief, name="Delad tjänst", user_units=[farsta, bromma])
    make_service(farsta, chief, name="Egen tjänst", user_units=[farsta])
    bromma.is_active = False
    bromma.save(update_fields=["is_active"])
    client = client_for(security_function)
    client.get(reverse("klassning:service_list"))
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("klassning:service_list")).content.decode()
    assert shared.name in page and "Egen tjänst" in page
    assert page.count("<td>1 enhet</td>") == 2
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"]
              and "klassning_itservice" in q["sql"]]
    assert counts and all("GROUP BY" not in sql for sql in counts), counts


def test_service_page_costs_the_same_with_an_owner(farsta, bromma, chief, official, make_person,
                                                   client_for):
    """The service's owner (förvaltningsledare) is read with the service: neither the facts
    nor the history read the person again."""
    from tests.handover_helpers import set_owner

    plain = make_service(farsta, chief, name="Utan förvaltare", user_units=[farsta])
    owned = make_service(farsta, chief, name="Med förvaltare", user_units=[farsta])
    owner = make_person("forvaltare.bromma", bromma)
    owned = set_owner(owned, owner, chief)
    client = client_for(chief)
    counts = {}
    for service in (plain, owned):
        url = reverse("klassning:service_detail", args=[service.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        counts[service.name] = len(ctx.captured_queries)
    assert owner.get_full_name() in page  # facts and history name the owner
    assert counts["Med förvaltare"] == counts["Utan förvaltare"], counts
