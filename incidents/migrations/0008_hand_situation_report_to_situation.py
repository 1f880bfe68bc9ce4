"""Hand the SituationReport model to the situation app, in the migration state only: the table and its
rows stay (situation 0001 adopted it; situation 0002 renames it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_incidentexport_on_background_job"),
        ("situation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SituationReport")],
            database_operations=[],
        ),
    ]
