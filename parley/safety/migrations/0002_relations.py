"""The trust-and-safety models' relations, taken over with them (tables unchanged)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('posts', '0003_author_timeline_index'),
        ('safety', '0001_initial'),
        ('screening', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their `moderation_*` names: only Django's record moves.
            state_operations=[
                migrations.AddField(
                    model_name='reviewitem',
                    name='screening',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_items', to='screening.screeningdecision'),
                ),
                migrations.AddField(
                    model_name='reviewclaim',
                    name='item',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='claim', to='safety.reviewitem'),
                ),
                migrations.AddField(
                    model_name='report',
                    name='review_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='safety.reviewitem'),
                ),
                migrations.AddField(
                    model_name='moderationaction',
                    name='review_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='safety.reviewitem'),
                ),
                migrations.AddField(
                    model_name='illegalcontentnotice',
                    name='review_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notices', to='safety.reviewitem'),
                ),
                migrations.AddField(
                    model_name='appeal',
                    name='review_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appeals', to='safety.reviewitem'),
                ),
                migrations.AddField(
                    model_name='statementofreasons',
                    name='account',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='statements', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddField(
                    model_name='statementofreasons',
                    name='action',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='statement', to='safety.moderationaction'),
                ),
                migrations.AddField(
                    model_name='statementofreasons',
                    name='notification',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='statement', to='posts.notification'),
                ),
                migrations.AddField(
                    model_name='appeal',
                    name='statement',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to='safety.statementofreasons'),
                ),
                migrations.AddField(
                    model_name='strike',
                    name='account',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='strikes', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddField(
                    model_name='strike',
                    name='action',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='strikes', to='safety.moderationaction'),
                ),
                migrations.AddField(
                    model_name='trustedflagger',
                    name='user',
                    field=models.OneToOneField(help_text='The account the flagger signs in with to file notices.', on_delete=django.db.models.deletion.CASCADE, related_name='trusted_flagger', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddField(
                    model_name='illegalcontentnotice',
                    name='trusted_flagger',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notices', to='safety.trustedflagger'),
                ),
                migrations.AddIndex(
                    model_name='reviewitem',
                    index=models.Index(fields=['status', 'due_at'], name='review_open_due'),
                ),
                migrations.AddIndex(
                    model_name='report',
                    index=models.Index(fields=['account', '-id'], name='report_account'),
                ),
                migrations.AddIndex(
                    model_name='moderationaction',
                    index=models.Index(fields=['target_account', '-id'], name='modaction_account'),
                ),
                migrations.AddIndex(
                    model_name='strike',
                    index=models.Index(fields=['account', '-created_at'], name='strike_account'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
