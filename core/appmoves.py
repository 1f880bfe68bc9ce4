"""Helpers for data migrations that move models from one app to another without losing anything.

A model that changes app keeps its table (``SeparateDatabaseAndState`` plus ``AlterModelTable``) but
Django would otherwise see a new content type: new permissions, and the old ones, with every group
and user grant and every admin log entry, left behind on the old app label. ``contenttypes_move``
carries the content type itself over, so the permissions (``<new_app>.view_<model>``...) are the same
rows with the same grants. ``periodic_tasks_rename`` points django_celery_beat's stored schedules at a
task's new name.

Both are written for ``RunPython`` and take the historical ``apps``; each has its reverse.
"""

from __future__ import annotations


def contenttypes_move(apps, *, old_app: str, new_app: str, models: tuple[str, ...]) -> None:
    """Relabel the content types of ``models`` from ``old_app`` to ``new_app``, grants included.

    When the new content type exists already (``migrate`` created it in an earlier run, e.g. after
    migrating back and forth), the old permissions' group and user grants are carried onto the new
    permissions of the same codename and the old content type is removed.
    """
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    for model in models:
        old = content_type.objects.filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = content_type.objects.filter(app_label=new_app, model=model).first()
        if new is None:
            old.app_label = new_app
            old.save(update_fields=["app_label"])
            continue
        for old_permission in permission.objects.filter(content_type=old):
            new_permission = permission.objects.filter(
                content_type=new, codename=old_permission.codename
            ).first()
            if new_permission is None:
                old_permission.content_type = new
                old_permission.save(update_fields=["content_type"])
                continue
            new_permission.group_set.add(*old_permission.group_set.all())
            new_permission.user_set.add(*old_permission.user_set.all())
        log_entry = _model_or_none(apps, "admin", "LogEntry")
        if log_entry is not None:
            log_entry.objects.filter(content_type=old).update(content_type=new)
        old.delete()


def _model_or_none(apps, app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def periodic_tasks_rename(apps, *, names: dict[str, str]) -> int:
    """Point every stored beat schedule (django_celery_beat PeriodicTask) naming an old task at its new
    name; returns how many rows changed. Nothing happens when django_celery_beat is not installed."""
    periodic_task = _model_or_none(apps, "django_celery_beat", "PeriodicTask")
    if periodic_task is None:
        return 0
    changed = 0
    for old, new in names.items():
        changed += periodic_task.objects.filter(task=old).update(task=new)
    tracker = _model_or_none(apps, "django_celery_beat", "PeriodicTasks")
    if changed and tracker is not None:
        # A running beat reloads its schedule when this stamp moves (update() sends no signal).
        from django.utils import timezone

        tracker.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return changed
