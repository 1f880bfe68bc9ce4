"""The history of each form integration: who made it, renewed its secret or switched it off, and when
(without the secret's digest or the attachment server's credential)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collect', '0002_formintegration_area'),
        ('regions', '0008_province_above_the_kabupaten'),
        ('stakeholders', '0014_add_provincial_offices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalFormIntegration',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='nama')),
                ('kind', models.CharField(choices=[('kobo', 'KoboToolbox (REST Services)'), ('odk', 'ODK Central (webhook)')], max_length=10, verbose_name='jenis')),
                ('token_hint', models.CharField(editable=False, max_length=8, verbose_name='awal rahasia')),
                ('download_base_url', models.URLField(blank=True, max_length=300, verbose_name='alamat unduh lampiran')),
                ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='dibuat')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('area', models.ForeignKey(blank=True, db_constraint=False, help_text='Kabupaten pemilik integrasi: kirimannya hanya masuk ke wilayah ini.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.adminunit', verbose_name='kabupaten')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.organisation', verbose_name='organisasi terverifikasi')),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.person', verbose_name='orang terverifikasi')),
            ],
            options={
                'verbose_name': 'historical integrasi formulir',
                'verbose_name_plural': 'historical integrasi formulir',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
