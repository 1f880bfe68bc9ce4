"""The escalation models, taken over from incidents with their tables as they are (state only).

A database migrated before the move already has these tables, named incidents_*; a fresh one gets
them from incidents 0005. Here the models enter the escalation app's state under those table names,
incidents 0010 then drops them from incidents' state, and escalation 0002 renames the tables.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('incidents', '0009_move_informant_log_to_audit'),
        ('regions', '0003_seed_risk_instruments'),
        ('stakeholders', '0004_add_person_order_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EscalationPolicy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='nama')),
                        ('description', models.TextField(blank=True, verbose_name='keterangan')),
                        ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                        ('priority', models.PositiveSmallIntegerField(default=100, help_text='Angka kecil diperiksa lebih dulu.', verbose_name='prioritas')),
                        ('track', models.CharField(blank=True, choices=[('P', 'P: pelanggaran pemilihan'), ('K', 'K: keamanan/konflik'), ('PK', 'P/K: keduanya'), ('O', 'Operasional'), ('-', 'Lainnya')], help_text='Kosong: semua jalur.', max_length=2, verbose_name='jalur')),
                        ('min_severity', models.PositiveSmallIntegerField(choices=[(1, '1 Informasi/potensi'), (2, '2 Rendah'), (3, '3 Sedang'), (4, '4 Tinggi'), (5, '5 Kritis/darurat')], default=3, verbose_name='tingkat keparahan minimal')),
                        ('include_early_warnings', models.BooleanField(default=False, verbose_name='berlaku juga untuk peringatan dini')),
                        ('repeat_last_step', models.BooleanField(default=False, verbose_name='ulangi langkah terakhir')),
                        ('max_repeats', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MaxValueValidator(20)], verbose_name='batas pengulangan langkah terakhir')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('areas', models.ManyToManyField(blank=True, help_text='Kosong: seluruh kabupaten. Sebuah kecamatan mencakup semua desanya.', related_name='escalation_policies', to='regions.adminunit', verbose_name='wilayah')),
                        ('categories', models.ManyToManyField(blank=True, help_text='Kosong: semua kategori.', related_name='escalation_policies', to='incidents.incidentcategory', verbose_name='kategori')),
                    ],
                    options={
                        'constraints': [models.CheckConstraint(condition=models.Q(('min_severity__gte', 1), ('min_severity__lte', 5)), name='escpolicy_severity_1_5'), models.CheckConstraint(condition=models.Q(('max_repeats__lte', 20)), name='escpolicy_repeats_bounded')],
                        'verbose_name': 'kebijakan eskalasi',
                        'verbose_name_plural': 'kebijakan eskalasi',
                        'db_table': 'incidents_escalationpolicy',
                        'ordering': ['priority', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Escalation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('policy_snapshot', models.JSONField(default=dict, verbose_name='kebijakan saat dimulai')),
                        ('token', models.UUIDField(default=uuid.uuid4)),
                        ('status', models.CharField(choices=[('aktif', 'Berjalan'), ('dikonfirmasi', 'Dikonfirmasi'), ('habis', 'Semua langkah dijalankan, belum dikonfirmasi'), ('dihentikan', 'Dihentikan')], default='aktif', max_length=15, verbose_name='status')),
                        ('next_step', models.PositiveSmallIntegerField(default=0, verbose_name='langkah berikutnya')),
                        ('repeats_done', models.PositiveSmallIntegerField(default=0, verbose_name='pengulangan langkah terakhir')),
                        ('run_count', models.PositiveIntegerField(default=0, verbose_name='jumlah langkah dijalankan')),
                        ('next_due_at', models.DateTimeField(blank=True, null=True, verbose_name='langkah berikutnya pada')),
                        ('enqueued_at', models.DateTimeField(blank=True, null=True)),
                        ('started_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dimulai')),
                        ('start_reason', models.CharField(choices=[('dibuat', 'Dilaporkan'), ('status', 'Status diubah'), ('keparahan', 'Tingkat keparahan diubah'), ('penugasan', 'Penanggung jawab ditetapkan'), ('data', 'Data diubah'), ('dinaikkan', 'Peringatan dini dinaikkan menjadi insiden'), ('dibuka_kembali', 'Dibuka kembali'), ('catatan', 'Catatan ditambahkan'), ('bukti', 'Bukti diunggah'), ('tindak_lanjut', 'Tindak lanjut'), ('rujukan', 'Rujukan'), ('tautan', 'Tautan insiden'), ('pelapor_rahasia', 'Identitas pelapor rahasia'), ('eskalasi_dimulai', 'Eskalasi dimulai'), ('eskalasi', 'Langkah eskalasi dijalankan'), ('dikonfirmasi', 'Peringatan dikonfirmasi'), ('batal_konfirmasi', 'Konfirmasi dibatalkan'), ('eskalasi_dihentikan', 'Eskalasi dihentikan')], max_length=20, verbose_name='alasan dimulai')),
                        ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='dikonfirmasi pada')),
                        ('acknowledged_via', models.CharField(blank=True, choices=[('tautan', 'Tautan dalam pesan'), ('aplikasi', 'Di aplikasi')], max_length=10, verbose_name='dikonfirmasi melalui')),
                        ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='berakhir pada')),
                        ('end_reason', models.CharField(blank=True, max_length=200, verbose_name='alasan berakhir')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dikonfirmasi oleh (akun)')),
                        ('acknowledged_by_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='stakeholders.person', verbose_name='dikonfirmasi oleh')),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='incidents.incident')),
                        ('started_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('policy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='escalations', to='escalation.escalationpolicy', verbose_name='kebijakan')),
                    ],
                    options={
                        'indexes': [models.Index(condition=models.Q(('status', 'aktif')), fields=['next_due_at'], name='escalation_active_due_idx'), models.Index(fields=['incident', '-started_at'], name='escalation_incident_idx'), models.Index(condition=models.Q(('status__in', ['aktif', 'habis'])), fields=['started_at'], name='escalation_unacked_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['aktif', 'dikonfirmasi', 'habis'])), fields=('incident',), name='escalation_one_open_per_incident'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'aktif'), _negated=True), ('next_due_at__isnull', False), _connector='OR'), name='escalation_active_has_due'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'dikonfirmasi'), _negated=True), ('acknowledged_at__isnull', False), _connector='OR'), name='escalation_acknowledged_has_time')],
                        'verbose_name': 'eskalasi',
                        'verbose_name_plural': 'eskalasi',
                        'db_table': 'incidents_escalation',
                        'ordering': ['-started_at', '-id'],
                        'permissions': [('acknowledge_escalation', 'Dapat mengonfirmasi (dan membatalkan konfirmasi) peringatan eskalasi')],
                    },
                ),
                migrations.CreateModel(
                    name='EscalationPolicyStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=1, verbose_name='urutan')),
                        ('wait_minutes', models.PositiveIntegerField(default=15, validators=[django.core.validators.MaxValueValidator(10080)], verbose_name='tunggu konfirmasi (menit)')),
                        ('active_from_hour', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(23)], verbose_name='berlaku dari jam (WITA)')),
                        ('active_until_hour', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(24)], verbose_name='berlaku sampai jam (WITA)')),
                        ('policy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='escalation.escalationpolicy', verbose_name='kebijakan')),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('policy', 'order'), name='escstep_unique_order'), models.CheckConstraint(condition=models.Q(models.Q(('active_from_hour__isnull', True), ('active_until_hour__isnull', True)), models.Q(('active_from_hour__isnull', False), ('active_until_hour__isnull', False)), _connector='OR'), name='escstep_window_both_or_none')],
                        'verbose_name': 'langkah eskalasi',
                        'verbose_name_plural': 'langkah eskalasi',
                        'db_table': 'incidents_escalationpolicystep',
                        'ordering': ['policy', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='EscalationStepRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sequence', models.PositiveIntegerField(verbose_name='urutan jalan')),
                        ('step_index', models.PositiveSmallIntegerField(verbose_name='langkah')),
                        ('repeat', models.PositiveSmallIntegerField(default=0, verbose_name='pengulangan ke')),
                        ('due_at', models.DateTimeField(verbose_name='jatuh tempo')),
                        ('ran_at', models.DateTimeField(verbose_name='dijalankan')),
                        ('lateness_s', models.FloatField(default=0, verbose_name='keterlambatan (detik)')),
                        ('targets', models.JSONField(default=list, verbose_name='sasaran')),
                        ('recipients', models.JSONField(default=list, verbose_name='penerima')),
                        ('unreachable', models.JSONField(default=list, verbose_name='penerima tanpa kontak')),
                        ('message_keys', models.JSONField(default=list)),
                        ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='escalation.escalation')),
                    ],
                    options={
                        'indexes': [models.Index(fields=['ran_at'], name='escrun_ran_idx')],
                        'constraints': [models.UniqueConstraint(fields=('escalation', 'sequence'), name='escrun_unique_sequence')],
                        'verbose_name': 'langkah eskalasi dijalankan',
                        'verbose_name_plural': 'langkah eskalasi dijalankan',
                        'db_table': 'incidents_escalationsteprun',
                        'ordering': ['escalation', 'sequence'],
                    },
                ),
                migrations.CreateModel(
                    name='EscalationStepTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('tiga_pilar_desa', 'Tiga Pilar desa/kelurahan kejadian'), ('forkopimcam', 'Forkopimcam kecamatan kejadian'), ('forkopimda', 'Forkopimda kabupaten'), ('tim_terpadu', 'Tim Terpadu PKS kabupaten'), ('jabatan', 'Pemegang jabatan di wilayah kejadian'), ('piket', 'Petugas piket di wilayah kejadian'), ('orang', 'Orang tertentu')], max_length=20, verbose_name='sasaran')),
                        ('office', models.CharField(blank=True, choices=[('bupati', 'Bupati'), ('wakil_bupati', 'Wakil Bupati'), ('sekda', 'Sekretaris Daerah'), ('asisten_pemerintahan', 'Asisten Pemerintahan'), ('kabag_pemerintahan', 'Kabag Pemerintahan'), ('kaban_kesbangpol', 'Kepala Badan Kesbangpol'), ('kabid_waspadnas_pk', 'Kabid Kewaspadaan Nasional & Penanganan Konflik'), ('operator_kesbangpol', 'Operator Kesbangpol'), ('kepala_opd', 'Kepala OPD'), ('liaison', 'Penghubung OPD'), ('camat', 'Camat'), ('operator_kecamatan', 'Operator Kecamatan'), ('kepala_desa', 'Kepala Desa'), ('lurah', 'Lurah'), ('sekdes', 'Sekretaris Desa'), ('linmas', 'Linmas'), ('ketua_dprd', 'Ketua DPRD'), ('kapolres', 'Kapolres'), ('kasat_intelkam', 'Kasat Intelkam'), ('kabag_ops', 'Kabag Ops Polres'), ('kapolsek', 'Kapolsek'), ('bhabinkamtibmas', 'Bhabinkamtibmas'), ('dandim', 'Dandim'), ('danramil', 'Danramil'), ('babinsa', 'Babinsa'), ('danlanal', 'Danlanal'), ('kajari', 'Kepala Kejaksaan Negeri'), ('ketua_pn', 'Ketua Pengadilan Negeri'), ('anggota_kominda', 'Anggota Kominda'), ('ketua_kpu', 'Ketua KPU'), ('anggota_kpu', 'Anggota KPU'), ('ketua_ppk', 'Ketua PPK'), ('ketua_pps', 'Ketua PPS'), ('ketua_bawaslu', 'Ketua Bawaslu'), ('anggota_bawaslu', 'Anggota Bawaslu'), ('ketua_panwascam', 'Ketua Panwaslu Kecamatan'), ('pkd', 'Pengawas Kelurahan/Desa'), ('koordinator_gakkumdu', 'Koordinator Gakkumdu'), ('ketua_forum', 'Ketua forum'), ('sekretaris_forum', 'Sekretaris forum'), ('anggota_forum', 'Anggota forum'), ('tokoh_adat', 'Tokoh adat'), ('tokoh_agama', 'Tokoh agama'), ('tokoh_masyarakat', 'Tokoh masyarakat'), ('jurnalis', 'Jurnalis'), ('humas_perusahaan', 'Humas perusahaan'), ('fasilitator', 'Fasilitator/pelatih'), ('narasumber', 'Narasumber'), ('petugas_lapangan', 'Petugas lapangan')], help_text='Untuk sasaran jabatan dan piket.', max_length=30, verbose_name='jabatan/tugas')),
                        ('level', models.CharField(blank=True, choices=[('desa', 'Desa/kelurahan kejadian'), ('kecamatan', 'Kecamatan kejadian'), ('kabupaten', 'Kabupaten')], help_text='Untuk sasaran jabatan dan piket.', max_length=10, verbose_name='tingkat wilayah')),
                        ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='stakeholders.person', verbose_name='orang')),
                        ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='escalation.escalationpolicystep', verbose_name='langkah')),
                    ],
                    options={
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['jabatan', 'piket']), _negated=True), models.Q(models.Q(('office', ''), _negated=True), models.Q(('level', ''), _negated=True)), _connector='OR'), name='esctarget_office_has_office_and_level'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'orang'), _negated=True), ('person__isnull', False), _connector='OR'), name='esctarget_person_has_person')],
                        'verbose_name': 'sasaran langkah',
                        'verbose_name_plural': 'sasaran langkah',
                        'db_table': 'incidents_escalationsteptarget',
                        'ordering': ['step', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalEscalationPolicy',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='nama')),
                        ('description', models.TextField(blank=True, verbose_name='keterangan')),
                        ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                        ('priority', models.PositiveSmallIntegerField(default=100, help_text='Angka kecil diperiksa lebih dulu.', verbose_name='prioritas')),
                        ('track', models.CharField(blank=True, choices=[('P', 'P: pelanggaran pemilihan'), ('K', 'K: keamanan/konflik'), ('PK', 'P/K: keduanya'), ('O', 'Operasional'), ('-', 'Lainnya')], help_text='Kosong: semua jalur.', max_length=2, verbose_name='jalur')),
                        ('min_severity', models.PositiveSmallIntegerField(choices=[(1, '1 Informasi/potensi'), (2, '2 Rendah'), (3, '3 Sedang'), (4, '4 Tinggi'), (5, '5 Kritis/darurat')], default=3, verbose_name='tingkat keparahan minimal')),
                        ('include_early_warnings', models.BooleanField(default=False, verbose_name='berlaku juga untuk peringatan dini')),
                        ('repeat_last_step', models.BooleanField(default=False, verbose_name='ulangi langkah terakhir')),
                        ('max_repeats', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MaxValueValidator(20)], verbose_name='batas pengulangan langkah terakhir')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical kebijakan eskalasi',
                        'verbose_name_plural': 'historical kebijakan eskalasi',
                        'db_table': 'incidents_historicalescalationpolicy',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEscalationPolicyStep',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=1, verbose_name='urutan')),
                        ('wait_minutes', models.PositiveIntegerField(default=15, validators=[django.core.validators.MaxValueValidator(10080)], verbose_name='tunggu konfirmasi (menit)')),
                        ('active_from_hour', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(23)], verbose_name='berlaku dari jam (WITA)')),
                        ('active_until_hour', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(24)], verbose_name='berlaku sampai jam (WITA)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('policy', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='escalation.escalationpolicy', verbose_name='kebijakan')),
                    ],
                    options={
                        'verbose_name': 'historical langkah eskalasi',
                        'verbose_name_plural': 'historical langkah eskalasi',
                        'db_table': 'incidents_historicalescalationpolicystep',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEscalationStepTarget',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('tiga_pilar_desa', 'Tiga Pilar desa/kelurahan kejadian'), ('forkopimcam', 'Forkopimcam kecamatan kejadian'), ('forkopimda', 'Forkopimda kabupaten'), ('tim_terpadu', 'Tim Terpadu PKS kabupaten'), ('jabatan', 'Pemegang jabatan di wilayah kejadian'), ('piket', 'Petugas piket di wilayah kejadian'), ('orang', 'Orang tertentu')], max_length=20, verbose_name='sasaran')),
                        ('office', models.CharField(blank=True, choices=[('bupati', 'Bupati'), ('wakil_bupati', 'Wakil Bupati'), ('sekda', 'Sekretaris Daerah'), ('asisten_pemerintahan', 'Asisten Pemerintahan'), ('kabag_pemerintahan', 'Kabag Pemerintahan'), ('kaban_kesbangpol', 'Kepala Badan Kesbangpol'), ('kabid_waspadnas_pk', 'Kabid Kewaspadaan Nasional & Penanganan Konflik'), ('operator_kesbangpol', 'Operator Kesbangpol'), ('kepala_opd', 'Kepala OPD'), ('liaison', 'Penghubung OPD'), ('camat', 'Camat'), ('operator_kecamatan', 'Operator Kecamatan'), ('kepala_desa', 'Kepala Desa'), ('lurah', 'Lurah'), ('sekdes', 'Sekretaris Desa'), ('linmas', 'Linmas'), ('ketua_dprd', 'Ketua DPRD'), ('kapolres', 'Kapolres'), ('kasat_intelkam', 'Kasat Intelkam'), ('kabag_ops', 'Kabag Ops Polres'), ('kapolsek', 'Kapolsek'), ('bhabinkamtibmas', 'Bhabinkamtibmas'), ('dandim', 'Dandim'), ('danramil', 'Danramil'), ('babinsa', 'Babinsa'), ('danlanal', 'Danlanal'), ('kajari', 'Kepala Kejaksaan Negeri'), ('ketua_pn', 'Ketua Pengadilan Negeri'), ('anggota_kominda', 'Anggota Kominda'), ('ketua_kpu', 'Ketua KPU'), ('anggota_kpu', 'Anggota KPU'), ('ketua_ppk', 'Ketua PPK'), ('ketua_pps', 'Ketua PPS'), ('ketua_bawaslu', 'Ketua Bawaslu'), ('anggota_bawaslu', 'Anggota Bawaslu'), ('ketua_panwascam', 'Ketua Panwaslu Kecamatan'), ('pkd', 'Pengawas Kelurahan/Desa'), ('koordinator_gakkumdu', 'Koordinator Gakkumdu'), ('ketua_forum', 'Ketua forum'), ('sekretaris_forum', 'Sekretaris forum'), ('anggota_forum', 'Anggota forum'), ('tokoh_adat', 'Tokoh adat'), ('tokoh_agama', 'Tokoh agama'), ('tokoh_masyarakat', 'Tokoh masyarakat'), ('jurnalis', 'Jurnalis'), ('humas_perusahaan', 'Humas perusahaan'), ('fasilitator', 'Fasilitator/pelatih'), ('narasumber', 'Narasumber'), ('petugas_lapangan', 'Petugas lapangan')], help_text='Untuk sasaran jabatan dan piket.', max_length=30, verbose_name='jabatan/tugas')),
                        ('level', models.CharField(blank=True, choices=[('desa', 'Desa/kelurahan kejadian'), ('kecamatan', 'Kecamatan kejadian'), ('kabupaten', 'Kabupaten')], help_text='Untuk sasaran jabatan dan piket.', max_length=10, verbose_name='tingkat wilayah')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.person', verbose_name='orang')),
                        ('step', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='escalation.escalationpolicystep', verbose_name='langkah')),
                    ],
                    options={
                        'verbose_name': 'historical sasaran langkah',
                        'verbose_name_plural': 'historical sasaran langkah',
                        'db_table': 'incidents_historicalescalationsteptarget',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='EscalationAckLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nonce', models.CharField(max_length=32, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                        ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ack_links', to='escalation.escalation')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='stakeholders.person')),
                    ],
                    options={
                        'verbose_name': 'tautan konfirmasi',
                        'verbose_name_plural': 'tautan konfirmasi',
                        'db_table': 'incidents_escalationacklink',
                        'indexes': [models.Index(fields=['escalation', 'person'], name='escacklink_person_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
