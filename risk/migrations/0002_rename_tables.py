"""Rename the adopted kerawanan tables from regions_* to risk_* (the rows move with them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_initial"),
        ("regions", "0004_move_risk_to_risk_app"),
    ]

    operations = [
        migrations.AlterModelTable(name="riskinstrument", table=None),
        migrations.AlterModelTable(name="riskassessment", table=None),
        migrations.AlterModelTable(name="historicalriskinstrument", table=None),
        migrations.AlterModelTable(name="historicalriskassessment", table=None),
    ]
