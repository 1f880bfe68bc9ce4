"""A database migrated at the layout before the app moves migrates forward and keeps every row.

The test migrates its database back to that layout (MigrationExecutor), writes rows into the old
tables through the historical models, migrates forward, and reads them through today's models.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migrations before the moves, per app; None: the app did not exist.
BEFORE_THE_MOVES = [
    ("regions", "0003_seed_risk_instruments"),
    ("risk", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(
        [t for t in targets if t[1] is not None], at_end=True
    )


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_risk_rows_and_grants_survive_the_move_out_of_regions():
    state = _migrate(BEFORE_THE_MOVES)
    old = state.apps
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
    group = old.get_model("auth", "Group").objects.create(name="uji-kerawanan")
    group.permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type__app_label="regions", codename="view_riskassessment"
        )
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group

    from risk.models import RiskAssessment, RiskInstrument

    moved = RiskAssessment.objects.get(pk=assessment.pk)
    assert moved.instrument == RiskInstrument.objects.get(code="uji-lama")
    assert moved.area.code == "64.99"
    assert moved.level_label == "Rawan"
    assert {"risk_riskassessment", "risk_riskinstrument"} <= _tables()
    assert "regions_riskassessment" not in _tables()
    granted = Group.objects.get(name="uji-kerawanan").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("risk", "view_riskassessment")
    # The shipped instruments are not seeded a second time on the way forward.
    assert RiskInstrument.objects.filter(code="polri-tps").count() == 1
