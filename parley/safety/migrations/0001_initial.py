"""Take over the trust-and-safety models from the `moderation` app (tables and rows unchanged)."""

import django.db.models.deletion
import parley.core.ids
import parley.core.models
from django.conf import settings
from django.db import migrations, models

MODELS = ['reviewitem', 'report', 'trustedflagger', 'illegalcontentnotice', 'moderationaction', 'statementofreasons', 'appeal', 'strike', 'bannedemail', 'reportingsuspension', 'misusewarning', 'reviewclaim', 'evidencepackage']


def move_content_types(apps, schema_editor):
    """Generic relations (review items, the admin log, permissions) follow the models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="moderation", model__in=MODELS).update(app_label="safety")


def keep_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="safety", model__in=MODELS).update(app_label="moderation")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('moderation', '0007_hand_over_to_screening_and_safety'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('posts', '0003_author_timeline_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their `moderation_*` names: only Django's record moves.
            state_operations=[
                migrations.CreateModel(
                    name='StatementOfReasons',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('restriction', models.TextField()),
                        ('facts', models.TextField()),
                        ('automated_detection', models.BooleanField(default=False)),
                        ('automated_decision', models.CharField(choices=[('AUTOMATED_DECISION_FULLY', 'Fully automated'), ('AUTOMATED_DECISION_PARTIALLY', 'Partially automated'), ('AUTOMATED_DECISION_NOT_AUTOMATED', 'Not automated')], max_length=40)),
                        ('illegal_content', models.BooleanField(default=False)),
                        ('legal_ground', models.TextField(blank=True)),
                        ('terms_clause', models.CharField(blank=True, max_length=200)),
                        ('category', models.CharField(blank=True, max_length=30)),
                        ('source', models.CharField(max_length=40)),
                        ('redress', models.TextField()),
                        ('dispute_bodies', models.JSONField(blank=True, default=list)),
                        ('content_date', models.DateTimeField(blank=True, null=True)),
                        ('content_language', models.CharField(blank=True, max_length=8)),
                        ('has_media', models.BooleanField(default=False)),
                        ('end_date', models.DateTimeField(blank=True, null=True)),
                        ('appeal_until', models.DateTimeField()),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                    ],
                    options={
                        'db_table': 'moderation_statementofreasons',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Strike',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(blank=True, max_length=30)),
                        ('manifestly_illegal', models.BooleanField(default=False)),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'moderation_strike',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='TrustedFlagger',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('active', models.BooleanField(default=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'moderation_trustedflagger',
                    },
                ),
                migrations.CreateModel(
                    name='IllegalContentNotice',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('reference', models.CharField(max_length=24, unique=True)),
                        ('access_token', models.CharField(max_length=64)),
                        ('category', models.CharField(choices=[('violent_threat', 'Threat of violence'), ('incitement', 'Incitement to violence'), ('hate', 'Hate on protected characteristics'), ('harassment', 'Targeted harassment'), ('sexual_minors', 'Sexual content involving minors'), ('spam', 'Spam and platform manipulation'), ('sensitive', 'Sensitive media'), ('disputed', 'Disputed claim'), ('illegal', 'Other illegal content'), ('other', 'Something else against the rules')], max_length=30)),
                        ('explanation', models.TextField()),
                        ('url', models.URLField(max_length=500)),
                        ('name', models.CharField(blank=True, max_length=200)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('good_faith', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('received', 'Received'), ('decided', 'Decided')], default='received', max_length=10)),
                        ('decision', models.TextField(blank=True)),
                        ('outcome', models.CharField(blank=True, max_length=20)),
                        ('automated_decision', models.BooleanField(default=False)),
                        ('manifestly_unfounded', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notices_received', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notices', to='posts.post')),
                        ('submitter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notices_sent', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_illegalcontentnotice',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MisuseWarning',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.CharField(blank=True, max_length=254)),
                        ('kind', models.CharField(choices=[('illegal_content', 'Manifestly illegal content'), ('unfounded_reports', 'Manifestly unfounded reports')], max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_misusewarning',
                    },
                ),
                migrations.CreateModel(
                    name='ModerationAction',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('action', models.CharField(choices=[('dismiss', 'Dismiss (no violation)'), ('remove', 'Remove the post'), ('label_sensitive', 'Label as sensitive'), ('label_disputed', 'Label as disputed'), ('limit_reach', 'Limit reach'), ('warn', 'Warn the member'), ('suspend', 'Suspend for a time'), ('ban', 'Ban'), ('restore', 'Restore'), ('escalate', 'Escalate to the authorities')], max_length=20)),
                        ('automated', models.BooleanField(default=False)),
                        ('post_ref', models.BigIntegerField(blank=True, null=True)),
                        ('category', models.CharField(blank=True, max_length=30)),
                        ('reason', models.TextField()),
                        ('policy_clause', models.CharField(blank=True, max_length=200)),
                        ('manifestly_illegal', models.BooleanField(default=False)),
                        ('until', models.DateTimeField(blank=True, null=True)),
                        ('before', models.JSONField(blank=True, default=dict)),
                        ('reversed_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_actions', to='posts.post')),
                        ('reverses', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reversals', to='safety.moderationaction')),
                        ('target_account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_actions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_moderationaction',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='EvidencePackage',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('post_ref', models.BigIntegerField(blank=True, null=True)),
                        ('account_ref', models.BigIntegerField(blank=True, null=True)),
                        ('content', models.JSONField()),
                        ('sha256', models.CharField(max_length=64)),
                        ('authority', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('retain_until', models.DateTimeField()),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('action', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='evidence', to='safety.moderationaction')),
                    ],
                    options={
                        'db_table': 'moderation_evidencepackage',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='BannedEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.CharField(max_length=254, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('action', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='safety.moderationaction')),
                    ],
                    options={
                        'db_table': 'moderation_bannedemail',
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('category', models.CharField(choices=[('violent_threat', 'Threat of violence'), ('incitement', 'Incitement to violence'), ('hate', 'Hate on protected characteristics'), ('harassment', 'Targeted harassment'), ('sexual_minors', 'Sexual content involving minors'), ('spam', 'Spam and platform manipulation'), ('sensitive', 'Sensitive media'), ('disputed', 'Disputed claim'), ('illegal', 'Other illegal content'), ('other', 'Something else against the rules')], max_length=30)),
                        ('comment', models.TextField(blank=True)),
                        ('forwarded', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('resolved', 'Resolved')], default='open', max_length=10)),
                        ('outcome', models.CharField(blank=True, max_length=20)),
                        ('manifestly_unfounded', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports_against', to=settings.AUTH_USER_MODEL)),
                        ('posts', models.ManyToManyField(blank=True, related_name='reports', to='posts.post')),
                        ('reporter', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports_filed', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_report',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Appeal',
                    fields=[
                        ('id', parley.core.models.SnowflakeField(default=parley.core.ids.new_id, editable=False, primary_key=True, serialize=False)),
                        ('text', models.TextField()),
                        ('status', models.CharField(choices=[('open', 'Waiting for a moderator'), ('founded', 'Founded: decision reversed'), ('rejected', 'Rejected: decision upheld')], default='open', max_length=10)),
                        ('decision', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('appellant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('notice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to='safety.illegalcontentnotice')),
                        ('action', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='complaints', to='safety.moderationaction')),
                        ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to='safety.report')),
                    ],
                    options={
                        'db_table': 'moderation_appeal',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportingSuspension',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.CharField(blank=True, max_length=254)),
                        ('until', models.DateTimeField()),
                        ('reason', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_reportingsuspension',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewClaim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('claimed_at', models.DateTimeField()),
                        ('moderator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_reviewclaim',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=40)),
                        ('source', models.CharField(choices=[('screening', 'Automated screening'), ('report', 'Member report'), ('notice', 'Illegal-content notice'), ('appeal', 'Appeal')], max_length=12)),
                        ('category', models.CharField(max_length=30)),
                        ('severity', models.CharField(choices=[('critical', 'Critical'), ('high', 'High'), ('medium', 'Medium'), ('low', 'Low')], max_length=10)),
                        ('reasons', models.JSONField(blank=True, default=list)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=8)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('due_at', models.DateTimeField()),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('resolution', models.CharField(blank=True, max_length=40)),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'moderation_reviewitem',
                        'ordering': ['due_at'],
                    },
                ),
    
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, keep_content_types),
    ]
