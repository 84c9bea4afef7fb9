"""Partial indexes of the incidents not closed and of the open obligations by incident: the
deadlines page's count joins the two from the indexes alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidenter', '0006_incident_next_deadline'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('status', 'closed'), _negated=True), fields=['id'], name='incident_not_closed_idx'),
        ),
        migrations.AddIndex(
            model_name='incidentobligation',
            index=models.Index(condition=models.Q(('sent_at__isnull', True), models.Q(('applies', 'not_applicable'), _negated=True)), fields=['incident'], name='incobl_open_by_incident_idx'),
        ),
    ]
