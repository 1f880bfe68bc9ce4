"""Hand the kerawanan models to the risk app, in the migration state only: the tables and their rows
stay (risk 0001 adopted them; risk 0002 renames them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_seed_risk_instruments"),
        ("risk", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalRiskAssessment"),
                migrations.DeleteModel(name="HistoricalRiskInstrument"),
                migrations.DeleteModel(name="RiskAssessment"),
                migrations.DeleteModel(name="RiskInstrument"),
            ],
            database_operations=[],
        ),
    ]
