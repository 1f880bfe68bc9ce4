"""Seed the default escalation policies (DOMAIN.md §7), into the tables incidents had then.

The engine has since moved to the escalation app; this migration keeps a frozen copy of the defaults
of that time (escalation/defaults.py holds the current list), so a fresh database gets them exactly once
and the migration never depends on the moved code.
"""

from django.db import migrations

FORKOPIMCAM = [("forkopimcam", "", "")]
KABUPATEN = [("forkopimda", "", ""), ("tim_terpadu", "", "")]
CONFLICT_CATEGORIES = [
    "INTIMIDASI",
    "BENTROK_MASSA",
    "KEKERASAN_PENYELENGGARA",
    "POLITISASI_SARA",
    "PENGHADANGAN",
]

# (name, priority, track, min severity, categories, repeat last step, max repeats,
#  [(wait minutes, [(target kind, office, level)])])
POLICIES = [
    (
        "Tingkat 5 (kritis): Forkopimcam, Forkopimda dan Tim Terpadu serentak",
        10, "K", 5, [], True, 3,
        [(15, [*FORKOPIMCAM, *KABUPATEN])],
    ),
    (
        "Tingkat 4 (tinggi): Tiga Pilar kecamatan (Forkopimcam), lalu Forkopimda dan Tim Terpadu",
        20, "K", 4, [], True, 2,
        [(15, FORKOPIMCAM), (30, KABUPATEN)],
    ),
    (
        "Kategori rawan konflik (tingkat 3+): Tiga Pilar desa dan Forkopimcam, lalu kabupaten",
        30, "", 3, CONFLICT_CATEGORIES, True, 1,
        [(30, [("tiga_pilar_desa", "", ""), *FORKOPIMCAM]), (60, KABUPATEN)],
    ),
    (
        "Jalur K tingkat 3: Tiga Pilar desa, Forkopimcam, lalu Forkopimda dan Tim Terpadu",
        40, "K", 3, [], True, 1,
        [(15, [("tiga_pilar_desa", "", "")]), (30, FORKOPIMCAM), (60, KABUPATEN)],
    ),
    (
        "Jalur P tingkat 3: PKD dan Panwaslu Kecamatan, lalu Bawaslu Kabupaten",
        50, "P", 3, [], False, 0,
        [
            (60, [("jabatan", "pkd", "desa"), ("jabatan", "ketua_panwascam", "kecamatan")]),
            (120, [("jabatan", "ketua_bawaslu", "kabupaten"), ("jabatan", "anggota_bawaslu", "kabupaten")]),
        ],
    ),
]  # fmt: skip


DESCRIPTION = "Bawaan dari tangga eskalasi DOMAIN.md §7; ubah sesuai keputusan daerah."


def seed(apps, schema_editor):
    Policy = apps.get_model("incidents", "EscalationPolicy")
    Step = apps.get_model("incidents", "EscalationPolicyStep")
    Target = apps.get_model("incidents", "EscalationStepTarget")
    Category = apps.get_model("incidents", "IncidentCategory")
    for name, priority, track, severity, categories, repeat, repeats, steps in POLICIES:
        if Policy.objects.filter(name=name).exists():
            continue
        policy = Policy.objects.create(
            name=name,
            description=DESCRIPTION,
            priority=priority,
            track=track,
            min_severity=severity,
            repeat_last_step=repeat,
            max_repeats=repeats,
        )
        policy.categories.set(Category.objects.filter(code__in=categories))
        for order, (wait, targets) in enumerate(steps, start=1):
            step = Step.objects.create(policy=policy, order=order, wait_minutes=wait)
            for kind, office, level in targets:
                Target.objects.create(step=step, kind=kind, office=office, level=level)


def unseed(apps, schema_editor):
    apps.get_model("incidents", "EscalationPolicy").objects.filter(name__in=[p[0] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_escalation")]

    operations = [migrations.RunPython(seed, unseed)]
