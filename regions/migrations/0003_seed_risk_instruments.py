"""Formerly seeded the kerawanan instruments here; the seeding moved with the instruments to the risk app.

A database migrated before the move has its instruments already (and keeps them: the tables move,
rows and all); a fresh database gets them from risk 0003, which creates only the missing ones, by
code, so nothing is seeded twice. Kept as a no-op so the migration graph stays as it was.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_add_risk_assessments"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
