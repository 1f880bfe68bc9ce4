"""Adopt the situation report table that incidents created (0003), in the migration state only.

The table keeps its name and rows here (``db_table``); incidents 0008 drops the model from its own
state, and situation 0002 renames the table to situation_situationreport.
"""

import django.db.models.deletion
import django.utils.timezone
import situation.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('incidents', '0003_add_situation_report'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SituationReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='tanggal')),
                        ('area_code', models.CharField(editable=False, max_length=13, verbose_name='kode wilayah')),
                        ('scheduled', models.BooleanField(default=False, verbose_name='laporan pagi terjadwal')),
                        ('status', models.CharField(choices=[('antre', 'Dalam antrean'), ('berjalan', 'Sedang dibuat'), ('selesai', 'Selesai'), ('gagal', 'Gagal')], default='antre', max_length=10, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='kemajuan (%)')),
                        ('pdf', models.FileField(blank=True, max_length=200, upload_to=situation.models.situation_report_upload_to, verbose_name='berkas PDF')),
                        ('xlsx', models.FileField(blank=True, max_length=200, upload_to=situation.models.situation_report_upload_to, verbose_name='berkas XLSX')),
                        ('summary', models.JSONField(blank=True, default=dict, verbose_name='ringkasan')),
                        ('error', models.CharField(blank=True, max_length=300, verbose_name='galat')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='diminta pada')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='mulai dibuat')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='selesai pada')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.adminunit', verbose_name='wilayah')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diminta oleh')),
                    ],
                    options={
                        'db_table': 'incidents_situationreport',
                        'verbose_name': 'laporan situasi',
                        'verbose_name_plural': 'laporan situasi',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(models.OrderBy(models.F('created_at'), descending=True), name='sitrep_recent_idx'), models.Index(fields=['area_code'], name='sitrep_area_prefix_idx', opclasses=['varchar_pattern_ops'])],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('scheduled', True)), fields=('date', 'area'), name='sitrep_one_morning_report'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='sitrep_progress_0_100')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
