"""Adopt the kerawanan tables that regions created (0002), in the migration state only.

The tables keep their names and rows here (``db_table`` points at them); regions 0004 drops the
models from its own state, and risk 0002 renames the tables to this app's names.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('regions', '0003_seed_risk_instruments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RiskInstrument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, unique=True, verbose_name='kode')),
                        ('name', models.CharField(max_length=150, verbose_name='nama')),
                        ('kind', models.CharField(choices=[('ikp', 'Indeks Kerawanan Pemilu (IKP) Bawaslu'), ('pemetaan_tahapan', 'Pemetaan kerawanan per tahapan (Bawaslu)'), ('tps_rawan', 'Pemetaan TPS rawan (8 variabel)'), ('polri_tps', 'Klasifikasi TPS Polri'), ('langsung', 'Risiko langsung dari insiden')], max_length=20, verbose_name='jenis')),
                        ('edition', models.CharField(blank=True, max_length=80, verbose_name='edisi')),
                        ('targets', models.JSONField(default=list, verbose_name='sasaran')),
                        ('bands', models.JSONField(default=list, verbose_name='pita tingkat')),
                        ('checklist', models.JSONField(blank=True, default=list, verbose_name='daftar periksa')),
                        ('parameters', models.JSONField(blank=True, default=dict, verbose_name='parameter')),
                        ('source', models.TextField(blank=True, verbose_name='sumber')),
                        ('active', models.BooleanField(default=True, verbose_name='aktif')),
                    ],
                    options={
                        'db_table': 'regions_riskinstrument',
                        'verbose_name': 'instrumen kerawanan',
                        'verbose_name_plural': 'instrumen kerawanan',
                        'ordering': ['kind', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalRiskInstrument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, verbose_name='kode')),
                        ('name', models.CharField(max_length=150, verbose_name='nama')),
                        ('kind', models.CharField(choices=[('ikp', 'Indeks Kerawanan Pemilu (IKP) Bawaslu'), ('pemetaan_tahapan', 'Pemetaan kerawanan per tahapan (Bawaslu)'), ('tps_rawan', 'Pemetaan TPS rawan (8 variabel)'), ('polri_tps', 'Klasifikasi TPS Polri'), ('langsung', 'Risiko langsung dari insiden')], max_length=20, verbose_name='jenis')),
                        ('edition', models.CharField(blank=True, max_length=80, verbose_name='edisi')),
                        ('targets', models.JSONField(default=list, verbose_name='sasaran')),
                        ('bands', models.JSONField(default=list, verbose_name='pita tingkat')),
                        ('checklist', models.JSONField(blank=True, default=list, verbose_name='daftar periksa')),
                        ('parameters', models.JSONField(blank=True, default=dict, verbose_name='parameter')),
                        ('source', models.TextField(blank=True, verbose_name='sumber')),
                        ('active', models.BooleanField(default=True, verbose_name='aktif')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'regions_historicalriskinstrument',
                        'verbose_name': 'historical instrumen kerawanan',
                        'verbose_name_plural': 'historical instrumen kerawanan',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalRiskAssessment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('aspect', models.CharField(blank=True, max_length=60, verbose_name='aspek/tahapan')),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='skor')),
                        ('level', models.CharField(max_length=30, verbose_name='tingkat')),
                        ('level_label', models.CharField(max_length=60, verbose_name='label tingkat')),
                        ('level_rank', models.PositiveSmallIntegerField(verbose_name='peringkat tingkat')),
                        ('level_color', models.CharField(max_length=7, verbose_name='warna tingkat')),
                        ('thresholds', models.JSONField(verbose_name='ambang yang dipakai')),
                        ('answers', models.JSONField(blank=True, default=dict, verbose_name='jawaban daftar periksa')),
                        ('as_of', models.DateField(verbose_name='per tanggal')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='sumber')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='dicatat pada')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.adminunit', verbose_name='wilayah')),
                        ('assessed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dinilai oleh')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('polling_station', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.pollingstation', verbose_name='TPS')),
                        ('instrument', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='risk.riskinstrument', verbose_name='instrumen')),
                    ],
                    options={
                        'db_table': 'regions_historicalriskassessment',
                        'verbose_name': 'historical penilaian kerawanan',
                        'verbose_name_plural': 'historical penilaian kerawanan',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='RiskAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('aspect', models.CharField(blank=True, max_length=60, verbose_name='aspek/tahapan')),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='skor')),
                        ('level', models.CharField(max_length=30, verbose_name='tingkat')),
                        ('level_label', models.CharField(max_length=60, verbose_name='label tingkat')),
                        ('level_rank', models.PositiveSmallIntegerField(verbose_name='peringkat tingkat')),
                        ('level_color', models.CharField(max_length=7, verbose_name='warna tingkat')),
                        ('thresholds', models.JSONField(verbose_name='ambang yang dipakai')),
                        ('answers', models.JSONField(blank=True, default=dict, verbose_name='jawaban daftar periksa')),
                        ('as_of', models.DateField(verbose_name='per tanggal')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='sumber')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dicatat pada')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='risk_assessments', to='regions.adminunit', verbose_name='wilayah')),
                        ('assessed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dinilai oleh')),
                        ('polling_station', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_assessments', to='regions.pollingstation', verbose_name='TPS')),
                        ('instrument', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='risk.riskinstrument', verbose_name='instrumen')),
                    ],
                    options={
                        'db_table': 'regions_riskassessment',
                        'verbose_name': 'penilaian kerawanan',
                        'verbose_name_plural': 'penilaian kerawanan',
                        'ordering': ['-as_of', '-id'],
                        'indexes': [models.Index(fields=['instrument', 'as_of'], name='riskassess_instr_asof_idx'), models.Index(fields=['area', 'instrument', 'as_of'], name='riskassess_area_instr_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('level_rank__gte', 1)), name='riskassess_rank_positive')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
