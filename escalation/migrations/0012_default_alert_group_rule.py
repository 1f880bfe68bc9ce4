from django.db import migrations


def seed(apps, schema_editor):
    # A frozen copy of escalation.defaults.GROUP_RULES at this time.
    Rule = apps.get_model("escalation", "AlertGroupRule")
    name = "Satu desa/kelurahan, kategori sama, 60 menit"
    if not Rule.objects.filter(name=name).exists():
        Rule.objects.create(name=name, window_minutes=60, distance_m=0)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0011_alert_groups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
