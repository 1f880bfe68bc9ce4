import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0006_seed_escalation_policies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A running export of before this migration has no heartbeat: core.jobs.jobs_recover
        # queues it again once it is older than BACKGROUND_JOB_STALE_S (it never finished before).
        migrations.RenameField(model_name="incidentexport", old_name="requested_by", new_name="created_by"),
        migrations.AddField(
            model_name='incidentexport',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='claim_token',
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name='token klaim'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='tanda hidup terakhir'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='message',
            field=models.TextField(blank=True, verbose_name='pesan'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='masuk antrean'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='mulai diproses'),
        ),
        migrations.AddField(
            model_name='incidentexport',
            name='worker',
            field=models.CharField(blank=True, max_length=200, verbose_name='pekerja'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='diminta pada'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diminta oleh'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='selesai diproses'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='error',
            field=models.TextField(blank=True, verbose_name='galat'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='selesai pada'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='status',
            field=models.CharField(choices=[('antre', 'Dalam antrean'), ('berjalan', 'Sedang diproses'), ('selesai', 'Selesai'), ('gagal', 'Gagal')], default='antre', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='incidentexport',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='jumlah'),
        ),
        migrations.AddIndex(
            model_name='incidentexport',
            index=models.Index(condition=models.Q(('status__in', ['antre', 'berjalan'])), fields=['status', 'heartbeat_at'], name='incidentexport_active'),
        ),
    ]
