"""Take over the screening models from the `moderation` app (tables and rows unchanged)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ['screeningdecision', 'rule', 'blockeddomain', 'detectorsetting', 'categorysetting']


def move_content_types(apps, schema_editor):
    """Generic relations (review items, the admin log, permissions) follow the models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="moderation", model__in=MODELS).update(app_label="screening")


def keep_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="screening", model__in=MODELS).update(app_label="moderation")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('moderation', '0007_hand_over_to_screening_and_safety'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their `moderation_*` names: only Django's record moves.
            state_operations=[
                migrations.CreateModel(
                    name='BlockedDomain',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('domain', models.CharField(max_length=253, unique=True)),
                        ('category', models.CharField(choices=[('violent_threat', 'Threat of violence'), ('incitement', 'Incitement to violence'), ('hate', 'Hate on protected characteristics'), ('harassment', 'Targeted harassment'), ('sexual_minors', 'Sexual content involving minors'), ('spam', 'Spam and platform manipulation'), ('sensitive', 'Sensitive media'), ('disputed', 'Disputed claim')], default='spam', max_length=30)),
                        ('action', models.CharField(choices=[('block', 'Block (reject)'), ('hold', 'Hold for review')], default='hold', max_length=8)),
                        ('note', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'moderation_blockeddomain',
                        'ordering': ['domain'],
                    },
                ),
                migrations.CreateModel(
                    name='CategorySetting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('violent_threat', 'Threat of violence'), ('incitement', 'Incitement to violence'), ('hate', 'Hate on protected characteristics'), ('harassment', 'Targeted harassment'), ('sexual_minors', 'Sexual content involving minors'), ('spam', 'Spam and platform manipulation'), ('sensitive', 'Sensitive media'), ('disputed', 'Disputed claim')], max_length=30, unique=True)),
                        ('enabled', models.BooleanField(default=True)),
                        ('label_at', models.FloatField(blank=True, null=True)),
                        ('hold_at', models.FloatField(blank=True, null=True)),
                        ('reject_at', models.FloatField(blank=True, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'moderation_categorysetting',
                        'ordering': ['category'],
                    },
                ),
                migrations.CreateModel(
                    name='DetectorSetting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True)),
                        ('enabled', models.BooleanField(default=True)),
                        ('weight', models.FloatField(default=1.0)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'moderation_detectorsetting',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Rule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(blank=True, choices=[('', 'Any language'), ('en', 'English'), ('fr', 'French')], max_length=8)),
                        ('category', models.CharField(choices=[('violent_threat', 'Threat of violence'), ('incitement', 'Incitement to violence'), ('hate', 'Hate on protected characteristics'), ('harassment', 'Targeted harassment'), ('sexual_minors', 'Sexual content involving minors'), ('spam', 'Spam and platform manipulation'), ('sensitive', 'Sensitive media'), ('disputed', 'Disputed claim')], max_length=30)),
                        ('kind', models.CharField(choices=[('word', 'Whole word'), ('phrase', 'Phrase'), ('regex', 'Regular expression')], default='phrase', max_length=8)),
                        ('pattern', models.CharField(help_text='Words and phrases are matched after normalisation (case, accents, leetspeak, repeated letters). Regular expressions run on the normalised text: lower case, no accents.', max_length=2000)),
                        ('action', models.CharField(choices=[('block', 'Block (reject)'), ('hold', 'Hold for review'), ('label', 'Publish with a label'), ('allow', 'Allow (exempt the matched words)')], default='hold', max_length=8)),
                        ('applies_to_dms', models.BooleanField(default=False, help_text='Direct messages are only screened by rules marked here.')),
                        ('enabled', models.BooleanField(default=True)),
                        ('note', models.CharField(blank=True, max_length=200)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'moderation_rule',
                        'ordering': ['category', 'language', 'pattern'],
                        'constraints': [models.UniqueConstraint(fields=('language', 'category', 'kind', 'pattern'), name='unique_screening_rule')],
                    },
                ),
                migrations.CreateModel(
                    name='ScreeningDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=40)),
                        ('kind', models.CharField(max_length=20)),
                        ('text', models.TextField(blank=True)),
                        ('decision', models.CharField(choices=[('publish', 'Publish'), ('label', 'Publish with a label'), ('hold', 'Hold for review'), ('reject', 'Reject')], max_length=10)),
                        ('labels', models.JSONField(blank=True, default=list)),
                        ('scores', models.JSONField(blank=True, default=dict)),
                        ('reasons', models.JSONField(blank=True, default=list)),
                        ('automated', models.BooleanField(default=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='screening_decisions', to=settings.AUTH_USER_MODEL)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'moderation_screeningdecision',
                        'ordering': ['-id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='screening_content'), models.Index(fields=['decision', '-created_at'], name='screening_decision')],
                    },
                ),
    
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, keep_content_types),
    ]
