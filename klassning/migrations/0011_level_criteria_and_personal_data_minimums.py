"""Level criteria per consequence category and suggested minimum levels for personal data;
the reason for an aspect below the suggestion. Depends on both 0005 migrations (merges them)."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('klassning', '0010_requirement_k02_follows_review_interval'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='classification',
            name='below_minimum_motivation',
            field=models.TextField(blank=True, help_text='Krävs när en aspekt får lägre nivå än personuppgifterna föreslår.', verbose_name='motivering till lägre nivå än föreslagen'),
        ),
        migrations.AddField(
            model_name='historicalclassification',
            name='below_minimum_motivation',
            field=models.TextField(blank=True, help_text='Krävs när en aspekt får lägre nivå än personuppgifterna föreslår.', verbose_name='motivering till lägre nivå än föreslagen'),
        ),
        migrations.CreateModel(
            name='HistoricalLevelCriterion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField(help_text='Nivåns värde (0–4 med standardskalan).', validators=[django.core.validators.MaxValueValidator(9)], verbose_name='nivå')),
                ('text', models.TextField(help_text='Vad nivån betyder i kategorin.', verbose_name='kriterium')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='klassning.consequencecategory', verbose_name='konsekvenskategori')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical nivåkriterium',
                'verbose_name_plural': 'historical nivåkriterier',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPersonalDataMinimum',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('personal_data', models.CharField(choices=[('none', 'Inga personuppgifter'), ('personal', 'Personuppgifter'), ('sensitive', 'Känsliga personuppgifter (art. 9 GDPR)'), ('protected', 'Skyddade personuppgifter')], max_length=20, verbose_name='personuppgifter')),
                ('min_level', models.PositiveSmallIntegerField(help_text='Formuläret visar förslaget. Väljer handläggaren en lägre nivå krävs en motivering.', validators=[django.core.validators.MaxValueValidator(9)], verbose_name='föreslagen lägsta nivå')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('aspect', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='klassning.aspect', verbose_name='aspekt')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical lägsta nivå för personuppgifter',
                'verbose_name_plural': 'historical lägsta nivåer för personuppgifter',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LevelCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField(help_text='Nivåns värde (0–4 med standardskalan).', validators=[django.core.validators.MaxValueValidator(9)], verbose_name='nivå')),
                ('text', models.TextField(help_text='Vad nivån betyder i kategorin.', verbose_name='kriterium')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='klassning.consequencecategory', verbose_name='konsekvenskategori')),
            ],
            options={
                'verbose_name': 'nivåkriterium',
                'verbose_name_plural': 'nivåkriterier',
                'ordering': ['category__order', 'category__name', 'level'],
                'constraints': [models.UniqueConstraint(fields=('category', 'level'), name='unique_level_criterion')],
            },
        ),
        migrations.CreateModel(
            name='PersonalDataMinimum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('personal_data', models.CharField(choices=[('none', 'Inga personuppgifter'), ('personal', 'Personuppgifter'), ('sensitive', 'Känsliga personuppgifter (art. 9 GDPR)'), ('protected', 'Skyddade personuppgifter')], max_length=20, verbose_name='personuppgifter')),
                ('min_level', models.PositiveSmallIntegerField(help_text='Formuläret visar förslaget. Väljer handläggaren en lägre nivå krävs en motivering.', validators=[django.core.validators.MaxValueValidator(9)], verbose_name='föreslagen lägsta nivå')),
                ('aspect', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='klassning.aspect', verbose_name='aspekt')),
            ],
            options={
                'verbose_name': 'lägsta nivå för personuppgifter',
                'verbose_name_plural': 'lägsta nivåer för personuppgifter',
                'ordering': ['aspect__order', 'personal_data'],
                'constraints': [models.UniqueConstraint(fields=('personal_data', 'aspect'), name='unique_personal_data_minimum')],
            },
        ),
    ]
