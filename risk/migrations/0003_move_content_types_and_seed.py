"""Carry the kerawanan content types (and so their permissions and grants) from regions to risk, and
seed the shipped instruments that are missing.

On a database migrated before the move the instruments are there already (seeded by regions 0003 at
the time) and nothing is created; on a fresh database they are created here, once, by code.
"""

from django.db import migrations

from core.appmoves import contenttypes_move
from risk.instruments import instruments_create_missing

MODELS = ("riskinstrument", "riskassessment", "historicalriskinstrument", "historicalriskassessment")


def forwards(apps, schema_editor):
    contenttypes_move(apps, old_app="regions", new_app="risk", models=MODELS)
    instruments_create_missing(apps.get_model("risk", "RiskInstrument"))


def backwards(apps, schema_editor):
    contenttypes_move(apps, old_app="risk", new_app="regions", models=MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0002_rename_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
