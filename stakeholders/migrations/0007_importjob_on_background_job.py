import django.utils.timezone
from django.db import migrations, models

# Separate from 0006: PostgreSQL refuses to alter a table in the transaction that updated its rows.


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0006_importjob_step"),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='claim_token',
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name='token klaim'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='selesai diproses'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='tanda hidup terakhir'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='masuk antrean'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='mulai diproses'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='jumlah'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='worker',
            field=models.CharField(blank=True, max_length=200, verbose_name='pekerja'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='diminta pada'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='selesai pada'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='status',
            field=models.CharField(choices=[('antre', 'Dalam antrean'), ('berjalan', 'Sedang diproses'), ('selesai', 'Selesai'), ('gagal', 'Gagal')], default='antre', max_length=10, verbose_name='status'),
        ),
        migrations.AddIndex(
            model_name='importjob',
            index=models.Index(condition=models.Q(('status__in', ['antre', 'berjalan'])), fields=['status', 'heartbeat_at'], name='importjob_active'),
        ),
    ]
