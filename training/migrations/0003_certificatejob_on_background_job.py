import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Certificate jobs used their own status codes; core.choices.JobStatus names the same four states.
STATUSES = {"pending": "antre", "running": "berjalan", "done": "selesai", "failed": "gagal"}


def forwards(apps, schema_editor):
    CertificateJob = apps.get_model("training", "CertificateJob")
    for old, new in STATUSES.items():
        CertificateJob.objects.filter(status=old).update(status=new)


def backwards(apps, schema_editor):
    CertificateJob = apps.get_model("training", "CertificateJob")
    for old, new in STATUSES.items():
        CertificateJob.objects.filter(status=new).update(status=old)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_invitation_send"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="certificatejob", old_name="requested_by", new_name="created_by"),
        migrations.AddField(
            model_name='certificatejob',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='claim_token',
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name='token klaim'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='tanda hidup terakhir'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='message',
            field=models.TextField(blank=True, verbose_name='pesan'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='masuk antrean'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='mulai diproses'),
        ),
        migrations.AddField(
            model_name='certificatejob',
            name='worker',
            field=models.CharField(blank=True, max_length=200, verbose_name='pekerja'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='diminta pada'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diminta oleh'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='selesai diproses'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='error',
            field=models.TextField(blank=True, verbose_name='galat'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='selesai pada'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='status',
            field=models.CharField(choices=[('antre', 'Dalam antrean'), ('berjalan', 'Sedang diproses'), ('selesai', 'Selesai'), ('gagal', 'Gagal')], default='antre', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='certificatejob',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='jumlah'),
        ),
        migrations.AddIndex(
            model_name='certificatejob',
            index=models.Index(condition=models.Q(('status__in', ['antre', 'berjalan'])), fields=['status', 'heartbeat_at'], name='certificatejob_active'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
