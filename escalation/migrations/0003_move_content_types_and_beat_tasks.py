"""Carry over what named the escalation models and tasks by their old app: content types and beat rows.

- Content types: the rows for incidents.escalation* become escalation.escalation*, so their permissions
  (held by groups and users), admin log entries and history keep pointing at the same models.
- Celery beat (DatabaseScheduler): periodic tasks naming incidents.tasks.escalation_* name
  escalation.tasks.* instead, and the schedule is marked changed so a running beat reloads it.
"""

from django.db import migrations

from core.appmoves import contenttypes_move, periodic_tasks_rename

MODELS = (
    "escalationpolicy",
    "escalationpolicystep",
    "escalationsteptarget",
    "escalation",
    "escalationsteprun",
    "escalationacklink",
    "historicalescalationpolicy",
    "historicalescalationpolicystep",
    "historicalescalationsteptarget",
)
TASKS = {
    "incidents.tasks.escalation_audit": "escalation.tasks.escalation_audit",
    "incidents.tasks.escalation_step_run": "escalation.tasks.escalation_step_run",
}


def forwards(apps, schema_editor):
    contenttypes_move(apps, old_app="incidents", new_app="escalation", models=MODELS)
    periodic_tasks_rename(apps, names=TASKS)


def backwards(apps, schema_editor):
    contenttypes_move(apps, old_app="escalation", new_app="incidents", models=MODELS)
    periodic_tasks_rename(apps, names={new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0002_rename_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
