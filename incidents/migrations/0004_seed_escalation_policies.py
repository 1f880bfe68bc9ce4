"""Seed the default escalation policies (incidents/escalation_defaults.py, DOMAIN.md §7)."""

from django.db import migrations

from incidents.escalation_defaults import POLICIES, escalation_policy_defaults_ensure


def seed(apps, schema_editor):
    escalation_policy_defaults_ensure(apps)


def unseed(apps, schema_editor):
    apps.get_model("incidents", "EscalationPolicy").objects.filter(name__in=[p[0] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_escalation")]

    operations = [migrations.RunPython(seed, unseed)]
