"""Each form integration belongs to a kabupaten (``area``).

Existing integrations are attached to the kabupaten their own data names, in this order: the
kabupaten of their organisation's area; else of the area of a position their person holds (current
first, then the latest); else of a position of the administrator who made them; else the
installation's first kabupaten (``KABUPATEN_CODE``). "The kabupaten of" an area is its first two code
parts (64.08.04.2001 -> 64.08).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _kabupaten(code):
    return ".".join(code.split(".")[:2]) if code and code.count(".") >= 1 else None


def attach_to_kabupaten(apps, schema_editor):
    FormIntegration = apps.get_model("collect", "FormIntegration")
    Position = apps.get_model("stakeholders", "Position")
    AdminUnit = apps.get_model("regions", "AdminUnit")
    for integration in FormIntegration.objects.select_related("organisation__area").iterator():
        code = None
        if integration.organisation_id is not None:
            code = _kabupaten(integration.organisation.area.code)
        for person_filter in (
            {"person_id": integration.person_id} if integration.person_id else None,
            {"person__user_id": integration.created_by_id},
        ):
            if code is None and person_filter is not None:
                held = (
                    Position.objects.filter(**person_filter)
                    .order_by(models.F("end_date").desc(nulls_first=True), "-start_date", "-id")
                    .values_list("area__code", flat=True)
                    .first()
                )
                code = _kabupaten(held)
        unit = AdminUnit.objects.filter(code=code or settings.KABUPATEN_CODE).first()
        if unit is None:
            unit = AdminUnit.objects.filter(code=settings.KABUPATEN_CODE).first()
        integration.area_id = unit.pk
        integration.save(update_fields=["area"])


class Migration(migrations.Migration):
    dependencies = [
        ("collect", "0001_form_integration"),
        ("regions", "0008_province_above_the_kabupaten"),
        ("stakeholders", "0011_bound_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="formintegration",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.adminunit",
                verbose_name="kabupaten",
            ),
        ),
        migrations.RunPython(attach_to_kabupaten, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="formintegration",
            name="area",
            field=models.ForeignKey(
                help_text="Kabupaten pemilik integrasi: kirimannya hanya masuk ke wilayah ini.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.adminunit",
                verbose_name="kabupaten",
            ),
        ),
    ]
