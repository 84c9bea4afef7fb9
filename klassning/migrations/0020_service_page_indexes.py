from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('klassning', '0019_read_log_thresholds'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='informationasset',
            index=models.Index(fields=['id'], include=('name', 'unit', 'approved_profile', 'security_protection', 'current_classification'), name='asset_key_listed_idx'),
        ),
        migrations.AddIndex(
            model_name='itservice',
            index=models.Index(fields=['name', 'id'], name='itservice_name_idx'),
        ),
    ]
