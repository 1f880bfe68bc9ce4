"""The provincial IKP is an assessment of the province (Kalimantan Timur, 64), context for Kutai Timur,
not Kutim's own risk (issue 14): its instrument now targets the province, and assessments recorded on
the kabupaten for lack of a province move to it."""

from django.db import migrations


def to_province(apps, schema_editor):
    Instrument = apps.get_model("risk", "RiskInstrument")
    Assessment = apps.get_model("risk", "RiskAssessment")
    AdminUnit = apps.get_model("regions", "AdminUnit")
    instrument = Instrument.objects.filter(code="ikp-2024-provinsi").first()
    if instrument is None:
        return
    if instrument.targets == ["kabupaten"]:  # as shipped; an edited list is left alone
        instrument.targets = ["provinsi"]
        instrument.save(update_fields=["targets"])
    province = AdminUnit.objects.filter(code="64", level="provinsi").first()
    if province is not None:
        Assessment.objects.filter(instrument=instrument, area__code="64.08", polling_station__isnull=True).update(
            area=province
        )


def to_kabupaten(apps, schema_editor):
    Instrument = apps.get_model("risk", "RiskInstrument")
    Assessment = apps.get_model("risk", "RiskAssessment")
    AdminUnit = apps.get_model("regions", "AdminUnit")
    instrument = Instrument.objects.filter(code="ikp-2024-provinsi").first()
    kabupaten = AdminUnit.objects.filter(code="64.08").first()
    if instrument is None or kabupaten is None:
        return
    Instrument.objects.filter(pk=instrument.pk, targets=["provinsi"]).update(targets=["kabupaten"])
    Assessment.objects.filter(instrument=instrument, area__code="64").update(area=kabupaten)


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0006_assessment_election"),
        ("regions", "0008_province_above_the_kabupaten"),
    ]

    operations = [migrations.RunPython(to_province, to_kabupaten)]
