"""The informant access log moves into the audit trail (audit.AccessRecord); every row is copied first."""

from django.db import migrations


def copy_rows(apps, schema_editor):
    InformantAccessLog = apps.get_model("incidents", "InformantAccessLog")
    AccessRecord = apps.get_model("audit", "AccessRecord")
    batch = []
    rows = InformantAccessLog.objects.select_related("informant__incident").order_by("pk")
    for row in rows.iterator(chunk_size=2000):
        incident = row.informant.incident
        batch.append(
            AccessRecord(
                kind="informant",
                user_id=row.user_id,
                at=row.at,
                object_type="incidents.incident",
                object_id=str(incident.pk),
                object_repr=incident.number,
                purpose=row.purpose,
                detail={"migrated_from": "incidents.informantaccesslog", "id": row.pk},
            )
        )
        if len(batch) >= 2000:
            AccessRecord.objects.bulk_create(batch)
            batch = []
    AccessRecord.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0008_hand_situation_report_to_situation"),
        ("audit", "0002_append_only_trigger"),
    ]

    # Not reversible: the audit rows cannot be deleted (append-only), so they cannot be moved back.
    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="InformantAccessLog"),
    ]
