"""Rename the adopted table from incidents_situationreport to situation_situationreport (rows and
files stay), carry its content type to this app (so view/add_situationreport keep their grants,
now as situation.*), and point stored beat schedules at the tasks' new names."""

from django.db import migrations

from core.appmoves import contenttypes_move, periodic_tasks_rename

TASKS = {
    "incidents.tasks.situation_report_morning": "situation.tasks.situation_report_morning",
    "incidents.tasks.situation_report_run": "situation.tasks.situation_report_run",
}


def forwards(apps, schema_editor):
    contenttypes_move(apps, old_app="incidents", new_app="situation", models=("situationreport",))
    periodic_tasks_rename(apps, names=TASKS)


def backwards(apps, schema_editor):
    contenttypes_move(apps, old_app="situation", new_app="incidents", models=("situationreport",))
    periodic_tasks_rename(apps, names={new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("situation", "0001_initial"),
        ("incidents", "0008_hand_situation_report_to_situation"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AlterModelTable(name="situationreport", table=None),
        migrations.RunPython(forwards, backwards),
    ]
