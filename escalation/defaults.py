"""The default escalation policies, from the ladder of DOMAIN.md §7 (administrators edit them afterwards).

Seeded by data migrations (incidents 0006, and escalation 0008 for the track O and "Lainnya" policies;
each keeps its own frozen copy of its entries); ``escalation_policy_defaults_ensure`` creates any that is missing (tests,
after a transactional test flushed the tables) and never changes an edited one.
"""

from __future__ import annotations

FORKOPIMCAM = [("forkopimcam", "", "")]
KABUPATEN = [("forkopimda", "", ""), ("tim_terpadu", "", "")]
KPU_KABUPATEN = [("jabatan", "ketua_kpu", "kabupaten"), ("jabatan", "anggota_kpu", "kabupaten")]
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
    # Issue 14: operational reports (logistics, infrastructure, disaster) alerted nobody. DOMAIN §6.4:
    # severity 4 is handled at kabupaten level; the KPU runs the logistics.
    (
        "Jalur O (operasional) tingkat 4+: Forkopimda, KPU Kabupaten dan Tim Terpadu",
        25, "O", 4, [], True, 2,
        [(30, [*KABUPATEN, *KPU_KABUPATEN])],
    ),
    (
        "Jalur O (operasional) tingkat 3: Forkopimcam dan PPK, lalu KPU Kabupaten",
        45, "O", 3, [], False, 0,
        [(30, [*FORKOPIMCAM, ("jabatan", "ketua_ppk", "kecamatan")]), (60, KPU_KABUPATEN)],
    ),
    # A report without a track (Lainnya) waits for triage; at severity 4 or more the kabupaten is told.
    (
        "Tanpa jalur (Lainnya) tingkat 4+: Forkopimda dan Tim Terpadu",
        60, "-", 4, [], True, 1,
        [(30, KABUPATEN)],
    ),
    (
        "Tanpa jalur (Lainnya) tingkat 3: Forkopimcam, lalu Forkopimda dan Tim Terpadu",
        65, "-", 3, [], False, 0,
        [(30, FORKOPIMCAM), (60, KABUPATEN)],
    ),
]  # fmt: skip


DESCRIPTION = "Bawaan dari tangga eskalasi DOMAIN.md §7; ubah sesuai keputusan daerah."


def escalation_policy_defaults_ensure(apps=None) -> int:
    """Create every missing default policy with its steps and targets; returns how many were created."""
    if apps is None:
        from django.apps import apps
    Policy = apps.get_model("escalation", "EscalationPolicy")
    Step = apps.get_model("escalation", "EscalationPolicyStep")
    Target = apps.get_model("escalation", "EscalationStepTarget")
    Category = apps.get_model("incidents", "IncidentCategory")
    created = 0
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
        created += 1
    return created


# (name, window minutes, distance in metres, related category codes): the default alert grouping.
GROUP_RULES = [
    ("Satu desa/kelurahan, kategori sama, 60 menit", 60, 0, []),
]


def alertgrouprule_defaults_ensure(apps=None) -> int:
    """Create every missing default grouping rule (by name, among the installation's: no kabupaten);
    never changes an edited one."""
    if apps is None:
        from django.apps import apps
    Rule = apps.get_model("escalation", "AlertGroupRule")
    Category = apps.get_model("incidents", "IncidentCategory")
    created = 0
    for name, window, distance, categories in GROUP_RULES:
        if Rule.objects.filter(name=name, area__isnull=True).exists():
            continue
        rule = Rule.objects.create(name=name, window_minutes=window, distance_m=distance)
        rule.categories.set(Category.objects.filter(code__in=categories))
        created += 1
    return created
