"""Add Kalimantan Timur (64) above Kutai Timur, so a provincial assessment (the provincial IKP) is
recorded on the province, as context, instead of on the kabupaten (issue 14).

Only where the kabupaten is loaded; ``load_regions`` creates both on a new installation.
"""

from django.db import migrations


def add_province(apps, schema_editor):
    AdminUnit = apps.get_model("regions", "AdminUnit")
    kabupaten = AdminUnit.objects.filter(code="64.08").first()
    if kabupaten is None:
        return
    province, _created = AdminUnit.objects.get_or_create(
        code="64",
        defaults={
            "name": "Kalimantan Timur",
            "level": "provinsi",
            "village_type": "",
            "bps_code": "64",
            "centroid_lat": 0.5,
            "centroid_lng": 116.4,
            "edition": kabupaten.edition,
        },
    )
    if kabupaten.parent_id is None:
        kabupaten.parent = province
        kabupaten.save(update_fields=["parent"])


def remove_province(apps, schema_editor):
    AdminUnit = apps.get_model("regions", "AdminUnit")
    AdminUnit.objects.filter(code="64.08", parent__code="64").update(parent=None)


class Migration(migrations.Migration):
    dependencies = [("regions", "0007_elections_as_data")]

    operations = [migrations.RunPython(add_province, remove_province)]
