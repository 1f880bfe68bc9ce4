from django.db import migrations, models

# The import's own statuses become a step (checking or saving) and the job status of core.
# "invalid" and "ready" are both a finished check: with and without row errors.
STATUSES = {
    "validating": ("periksa", "antre"),
    "invalid": ("periksa", "selesai"),
    "ready": ("periksa", "selesai"),
    "committing": ("simpan", "antre"),
    "done": ("simpan", "selesai"),
    "failed": ("periksa", "gagal"),
}


def forwards(apps, schema_editor):
    ImportJob = apps.get_model("stakeholders", "ImportJob")
    for old, (step, status) in STATUSES.items():
        ImportJob.objects.filter(status=old).update(step=step, status=status)
    # A failed import's reason was its message; the job keeps failures in ``error``.
    ImportJob.objects.filter(status="gagal").update(error=models.F("message"), message="")


def backwards(apps, schema_editor):
    ImportJob = apps.get_model("stakeholders", "ImportJob")
    ImportJob.objects.filter(status="gagal").update(message=models.F("error"), status="failed")
    ImportJob.objects.filter(step="simpan", status="selesai").update(status="done")
    ImportJob.objects.filter(step="simpan").exclude(status="done").update(status="committing")
    ImportJob.objects.filter(step="periksa", status="selesai", errors={}).update(status="ready")
    ImportJob.objects.filter(step="periksa", status="selesai").update(status="invalid")
    ImportJob.objects.filter(step="periksa").exclude(status__in=["ready", "invalid", "failed"]).update(
        status="validating"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0005_add_position_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="step",
            field=models.CharField(
                choices=[("periksa", "Pemeriksaan"), ("simpan", "Penyimpanan")],
                default="periksa",
                max_length=8,
                verbose_name="tahap",
            ),
        ),
        migrations.AddField(
            model_name="importjob",
            name="error",
            field=models.TextField(blank=True, verbose_name="galat"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
