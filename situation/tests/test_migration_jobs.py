"""Moving the situation report onto the core background job keeps every row and its state."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.choices import JobStatus
from core.jobs import jobs_recover
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

BEFORE = [("situation", "0003_report_area_code_follows_area")]
AFTER = [("situation", "0004_situationreport_on_background_job")]


@pytest.mark.migration
@pytest.mark.django_db(transaction=True)
def test_reports_of_before_the_move_keep_their_requester_status_and_progress(kutim):
    operator = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    area = AdminUnit.objects.get(code="64.08.04")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE[0]).apps.get_model("situation", "SituationReport")
        two_hours_ago = timezone.now() - timedelta(hours=2)
        done = old.objects.create(
            date=date(2024, 11, 2),
            area_id=area.pk,
            area_code=area.code,
            requested_by_id=operator.pk,
            status="selesai",
            progress=100,
            summary={"new_incidents": 4},
            pdf="incidents/laporan-situasi/a.pdf",
        )
        stuck = old.objects.create(
            date=date(2024, 11, 3),
            area_id=area.pk,
            area_code=area.code,
            requested_by_id=operator.pk,
            status="berjalan",
            progress=50,
            started_at=two_hours_ago,
            error="",
        )
        failed = old.objects.create(
            date=date(2024, 11, 4),
            area_id=area.pk,
            area_code=area.code,
            scheduled=True,
            status="gagal",
            error="x" * 300,
        )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)

        from situation.models import SituationReport

        rows = {r.pk: r for r in SituationReport.objects.all()}
        assert (rows[done.pk].status, rows[done.pk].created_by_id, rows[done.pk].percent) == (
            JobStatus.DONE,
            operator.pk,
            100,
        )
        assert rows[done.pk].summary == {"new_incidents": 4}
        assert rows[done.pk].pdf.name == "incidents/laporan-situasi/a.pdf"
        assert (rows[stuck.pk].status, rows[stuck.pk].percent) == (JobStatus.RUNNING, 50)
        assert (rows[failed.pk].status, rows[failed.pk].error, rows[failed.pk].scheduled) == (
            JobStatus.FAILED,
            "x" * 300,
            True,
        )
        # The build its worker left running before the upgrade, without a heartbeat, is recovered.
        assert jobs_recover()["requeued"] >= 1
        assert SituationReport.objects.get(pk=stuck.pk).status == JobStatus.QUEUED
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
