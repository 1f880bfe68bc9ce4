"""Seed the incident categories of DOMAIN.md §6.3 (code, name, track, main handler)."""

from django.db import migrations

from incidents.categories import CATEGORIES


def seed(apps, schema_editor):
    IncidentCategory = apps.get_model("incidents", "IncidentCategory")
    for order, (code, name, name_en, track, handler) in enumerate(CATEGORIES, start=1):
        IncidentCategory.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "track": track, "main_handler": handler, "order": order * 10},
        )


def unseed(apps, schema_editor):
    apps.get_model("incidents", "IncidentCategory").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
