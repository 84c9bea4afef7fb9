"""The nearest open deadline kept on each incident (``incidenter.services.next_deadline``):
the column, its index, and its values computed from the obligations as the services keep them
(the least deadline of those not sent and not "gäller inte")."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Min, OuterRef, Q, Subquery


def fill(apps, schema_editor):
    Incident = apps.get_model("incidenter", "Incident")
    IncidentObligation = apps.get_model("incidenter", "IncidentObligation")
    nearest = (
        IncidentObligation.objects.filter(
            Q(sent_at__isnull=True) & ~Q(applies="not_applicable"), incident=OuterRef("pk"))
        .order_by().values("incident").annotate(first=Min("deadline")).values("first")
    )
    Incident.objects.update(next_deadline=Subquery(nearest))


class Migration(migrations.Migration):

    dependencies = [
        ('incidenter', '0005_open_obligations_by_deadline_index'),
        ('klassning', '0021_itservice_required_profile'),
        ('leverantorer', '0003_org_number_checked_and_unique'),
        ('namnder', '0002_text_without_control_characters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='incident',
            name='next_deadline',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='närmaste frist'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('next_deadline__isnull', False), models.Q(('status', 'closed'), _negated=True)), fields=['next_deadline'], name='incident_next_deadline_idx'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
