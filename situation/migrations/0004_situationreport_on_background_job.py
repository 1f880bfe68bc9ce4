# The situation report becomes a core background job (core.models.BackgroundJob). Every row is kept:
# - its statuses were incidents.choices.ExportStatus, whose stored values (antre, berjalan, selesai,
#   gagal) are those of core.choices.JobStatus, so the values stay and only the choices change;
# - requested_by is renamed created_by (the same column definition, the base's name);
# - progress (a percentage) becomes done out of total = 100, so a half-built report shows as such.
# A report left running by a worker of before this migration has no heartbeat: core.jobs.jobs_recover
# queues it again once its started_at is older than BACKGROUND_JOB_STALE_S; a queued one whose
# message was lost is sent again after BACKGROUND_JOB_QUEUED_GRACE_S.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def progress_to_done(apps, schema_editor):
    SituationReport = apps.get_model("situation", "SituationReport")
    SituationReport.objects.update(done=F("progress"), total=100)


def done_to_progress(apps, schema_editor):
    SituationReport = apps.get_model("situation", "SituationReport")
    SituationReport.objects.filter(total=0).update(progress=0)
    SituationReport.objects.filter(total__gt=0).update(progress=F("done") * 100 / F("total"))


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0005_reference_keys_for_derived_copies'),
        ('situation', '0003_report_area_code_follows_area'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="situationreport", old_name="requested_by", new_name="created_by"),
        migrations.AddField(
            model_name='situationreport',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='selesai diproses'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='jumlah'),
        ),
        migrations.RunPython(progress_to_done, done_to_progress),
        migrations.RemoveConstraint(
            model_name='situationreport',
            name='sitrep_progress_0_100',
        ),
        migrations.RemoveField(
            model_name='situationreport',
            name='progress',
        ),
        migrations.AddField(
            model_name='situationreport',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='claim_token',
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name='token klaim'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='tanda hidup terakhir'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='message',
            field=models.TextField(blank=True, verbose_name='pesan'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='masuk antrean'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='worker',
            field=models.CharField(blank=True, max_length=200, verbose_name='pekerja'),
        ),
        migrations.AlterField(
            model_name='situationreport',
            name='error',
            field=models.TextField(blank=True, verbose_name='galat'),
        ),
        migrations.AlterField(
            model_name='situationreport',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='mulai diproses'),
        ),
        migrations.AlterField(
            model_name='situationreport',
            name='status',
            field=models.CharField(choices=[('antre', 'Dalam antrean'), ('berjalan', 'Sedang diproses'), ('selesai', 'Selesai'), ('gagal', 'Gagal')], default='antre', max_length=10, verbose_name='status'),
        ),
        migrations.AddIndex(
            model_name='situationreport',
            index=models.Index(condition=models.Q(('status__in', ['antre', 'berjalan'])), fields=['status', 'heartbeat_at'], name='situationreport_active'),
        ),
    ]
