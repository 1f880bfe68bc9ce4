"""A database migrated at the layout before the app moves migrates forward and keeps every row.

The test migrates its database back to that layout (MigrationExecutor), writes rows into the old
tables through the historical models, migrates forward, and reads them through today's models.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.migration

# The migrations that hand the models over, by app and name suffix (numbers may change on rebase).
HANDOVERS = {"regions": "move_risk_to_risk_app", "incidents": "hand_situation_report_to_situation"}


def _before_the_moves(executor) -> list[tuple[str, str | None]]:
    """The layout before the moves: each handing-over app just before its handover; no risk, no situation."""
    graph = executor.loader.graph
    targets: list[tuple[str, str | None]] = [("risk", None), ("situation", None)]
    for app, suffix in HANDOVERS.items():
        handover = next(key for key in graph.nodes if key[0] == app and key[1].endswith(suffix))
        targets.append(
            next(parent.key for parent in graph.node_map[handover].parents if parent.key[0] == app)
        )
    return targets


def _migrate_back():
    executor = MigrationExecutor(connection)
    targets = _before_the_moves(executor)
    executor.migrate(targets)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True)


def _migrate_forward():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_layout(transactional_db):
    """The database at the layout before the moves (its historical apps); forward again afterwards, so
    the flush and the next tests find today's tables."""
    try:
        yield _migrate_back().apps
    finally:
        _migrate_forward()


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_risk_and_situation_report_rows_grants_and_schedules_survive_the_moves(old_layout):
    old = old_layout
    assert "regions_riskassessment" in _tables()
    area = old.get_model("regions", "AdminUnit").objects.create(code="64.99", name="Uji", level="kabupaten")
    instrument = old.get_model("regions", "RiskInstrument").objects.create(
        code="uji-lama",
        name="Instrumen lama",
        kind="polri_tps",
        targets=["kabupaten"],
        bands=[{"level": "rawan", "label": "Rawan", "color": "#ff0000"}],
    )
    assessment = old.get_model("regions", "RiskAssessment").objects.create(
        instrument=instrument,
        area=area,
        level="rawan",
        level_label="Rawan",
        level_rank=1,
        level_color="#ff0000",
        thresholds=instrument.bands,
        as_of=date(2024, 11, 1),
    )
    report = old.get_model("incidents", "SituationReport").objects.create(
        date=date(2024, 11, 2), area=area, area_code=area.code, scheduled=True, status="selesai"
    )
    permission = old.get_model("auth", "Permission").objects
    group = old.get_model("auth", "Group").objects.create(name="uji-kerawanan")
    group.permissions.add(
        permission.get(content_type__app_label="regions", codename="view_riskassessment"),
        permission.get(content_type__app_label="incidents", codename="view_situationreport"),
    )
    schedule = old.get_model("django_celery_beat", "IntervalSchedule").objects.create(every=1, period="days")
    old.get_model("django_celery_beat", "PeriodicTask").objects.create(
        name="laporan pagi (admin)", task="incidents.tasks.situation_report_morning", interval=schedule
    )

    _migrate_forward()

    from django.contrib.auth.models import Group
    from django_celery_beat.models import PeriodicTask

    from risk.models import RiskAssessment, RiskInstrument
    from situation.models import SituationReport

    moved = RiskAssessment.objects.get(pk=assessment.pk)
    assert moved.instrument == RiskInstrument.objects.get(code="uji-lama")
    assert moved.area.code == "64.99"
    assert moved.level_label == "Rawan"
    assert {"risk_riskassessment", "risk_riskinstrument"} <= _tables()
    assert "regions_riskassessment" not in _tables()
    moved_report = SituationReport.objects.get(pk=report.pk)
    assert (moved_report.area_code, moved_report.date, moved_report.scheduled) == (
        "64.99",
        date(2024, 11, 2),
        True,
    )
    assert "situation_situationreport" in _tables()
    assert "incidents_situationreport" not in _tables()
    granted = Group.objects.get(name="uji-kerawanan").permissions.select_related("content_type")
    assert {(p.content_type.app_label, p.codename) for p in granted} == {
        ("risk", "view_riskassessment"),
        ("situation", "view_situationreport"),
    }
    assert (
        PeriodicTask.objects.get(name="laporan pagi (admin)").task
        == "situation.tasks.situation_report_morning"
    )
    # The shipped instruments are not seeded a second time on the way forward.
    assert RiskInstrument.objects.filter(code="polri-tps").count() == 1
