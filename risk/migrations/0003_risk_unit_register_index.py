# A unit's risk register read from one index (issue 9).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('risk', '0002_msb_matrix'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='risk',
            index=models.Index(fields=['unit', 'owner'], include=('id', 'title', 'inherent_likelihood', 'inherent_consequence', 'residual_likelihood', 'residual_consequence', 'status', 'next_follow_up', 'in_internal_control_plan'), name='risk_unit_register_idx'),
        ),
    ]
