"""Issue 9: the Statement of Applicability's rows are built once in Python
(``views.soa._rows_html``): the unit's own justification and how a control is met are escaped,
a control's title follows its id, and the theme and labels are the template's."""

import pytest
from django.urls import reverse

from ledningssystem import services
from ledningssystem.models import AnnexAControl, Applicability

pytestmark = pytest.mark.django_db


def test_own_statements_are_escaped_and_the_row_keeps_its_markup(farsta, chief, client_for):
    control = AnnexAControl.objects.get(control_id="5.1")
    control.title = "Policyer <för> informationssäkerhet"
    control.save()
    services.statement_set(
        actor=chief, unit=farsta, control=control, applicability=Applicability.EXCLUDED,
        justification='Inget <script>alert("x")</script> & annat',
    )
    services.statement_set(
        actor=chief, unit=farsta, control=AnnexAControl.objects.get(control_id="5.2"),
        applicability=Applicability.APPLIES, how_met="Rutin A & B",
    )
    body = client_for(chief).get(reverse("ledningssystem:soa", args=[farsta.pk])).content.decode()
    link = reverse("ledningssystem:soa_edit", args=[farsta.pk, "5.1"])
    assert (f'<tr><th scope="row"><a href="{link}">5.1</a> Policyer &lt;för&gt; '
            "informationssäkerhet</th><td>Organisatoriska (5)</td><td>Ej tillämplig</td><td>–</td>"
            "<td>Inget &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; annat</td></tr>"
            ) in body
    assert "<td>Tillämplig</td><td>–</td><td>Rutin A &amp; B</td></tr>" in body
    assert "<script>" not in body


def test_a_reader_sees_the_ids_without_links(farsta, unit_auditor, client_for):
    body = client_for(unit_auditor).get(
        reverse("ledningssystem:soa", args=[farsta.pk])).content.decode()
    assert '<tr><th scope="row">5.1</th><td>Organisatoriska (5)</td>' in body
