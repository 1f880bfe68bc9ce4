"""Seed the kerawanan instruments of DOMAIN.md §3 from regions/data/risk_instruments.json."""

from django.db import migrations

from regions.instruments import instruments_create_missing


def seed(apps, schema_editor):
    instruments_create_missing(apps.get_model("regions", "RiskInstrument"))


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_add_risk_assessments"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
