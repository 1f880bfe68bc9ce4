"""Remove the escalation models from incidents' migration state only: they now belong to the escalation app.

The tables stay as they are here (escalation 0001 took them over under their old names, escalation 0002
renames them), so an existing database keeps every row. Models that point at others go first; deleting
whole models from the state (not field by field) keeps this quick.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_move_informant_log_to_audit"),
        ("escalation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalEscalationStepTarget"),
                migrations.DeleteModel(name="HistoricalEscalationPolicyStep"),
                migrations.DeleteModel(name="HistoricalEscalationPolicy"),
                migrations.DeleteModel(name="EscalationStepTarget"),
                migrations.DeleteModel(name="EscalationPolicyStep"),
                migrations.DeleteModel(name="EscalationAckLink"),
                migrations.DeleteModel(name="EscalationStepRun"),
                migrations.DeleteModel(name="Escalation"),
                migrations.DeleteModel(name="EscalationPolicy"),
            ],
            database_operations=[],
        ),
    ]
