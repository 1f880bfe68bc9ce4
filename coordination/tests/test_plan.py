"""The action plan (rencana aksi terpadu): activities as tracked actions of their agency, progress
recorded by that agency, the four-monthly report's figures (planned, done, late, %), its PDF and
XLSX, and the dashboard's panel."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from coordination.choices import ActionSource, ActionStatus
from coordination.models import ActionPlan
from coordination.selectors import plan_report, plan_summary_for_area
from coordination.services import plan_create, plan_progress_record
from coordination.tests.factories import make_plan_activity
from core.testing import ViewAccessCase, assert_readable_table, assert_view_access
from stakeholders.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(kab_admin):
    return plan_create(year=2024, title="", by_user=kab_admin)


def test_a_plan_per_year_and_its_activities_are_tracked_actions_of_their_agency(plan, kab_admin):
    assert plan.title == "Rencana aksi terpadu 2024"
    with pytest.raises(ValidationError) as error:
        plan_create(year=2024, title="Lagi", by_user=kab_admin)
    assert "year" in error.value.error_dict
    polres = OrganisationFactory(name="Polres Kutai Timur")
    activity = make_plan_activity(plan=plan, by_user=kab_admin, organisation=polres)
    action = activity.action
    assert action.source == ActionSource.RENCANA_AKSI
    assert action.organisation == polres
    assert action.due_date == date(2024, 3, 31)
    assert action.source_label == plan.title


def test_planned_dates_lie_in_the_plans_year_and_in_order(plan, kab_admin):
    with pytest.raises(ValidationError) as error:
        make_plan_activity(plan=plan, by_user=kab_admin, planned_start=date(2023, 12, 1))
    assert "planned_start" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        make_plan_activity(plan=plan, by_user=kab_admin, planned_end=date(2024, 1, 1))
    assert "planned_end" in error.value.error_dict


def test_progress_moves_the_action_started_done_and_reopened(plan, kab_admin, liaison):
    activity = make_plan_activity(plan=plan, by_user=kab_admin)
    plan_progress_record(activity=activity, progress=40, by_user=liaison, actual_start=date(2024, 2, 3))
    activity.refresh_from_db()
    assert activity.action.status == ActionStatus.BERJALAN
    plan_progress_record(activity=activity, progress=100, by_user=liaison, actual_end=date(2024, 3, 20))
    activity.refresh_from_db()
    assert activity.action.status == ActionStatus.SELESAI
    assert activity.actual_start == date(2024, 2, 3)
    assert activity.progress_by == liaison
    with pytest.raises(ValidationError) as error:
        plan_progress_record(activity=activity, progress=90, by_user=liaison, actual_end=date(2024, 3, 20))
    assert "actual_end" in error.value.error_dict
    plan_progress_record(activity=activity, progress=90, by_user=liaison)
    activity.refresh_from_db()
    assert activity.action.status == ActionStatus.BERJALAN
    assert activity.actual_end is None


def test_the_four_monthly_report_counts_planned_done_late_per_agency_and_area(plan, kab_admin):
    polres, kodim = OrganisationFactory(name="Polres Kutai Timur"), OrganisationFactory(name="Kodim 0909")
    done = make_plan_activity(plan=plan, by_user=kab_admin, organisation=polres)
    make_plan_activity(plan=plan, by_user=kab_admin, organisation=polres, area_code="64.08.09")  # late
    make_plan_activity(
        plan=plan, by_user=kab_admin, organisation=kodim, planned_end=date(2024, 6, 30)
    )  # runs into B.08
    make_plan_activity(
        plan=plan,
        by_user=kab_admin,
        organisation=kodim,
        planned_start=date(2024, 9, 1),
        planned_end=date(2024, 9, 30),
    )  # B.12 only
    plan_progress_record(
        activity=done,
        progress=100,
        by_user=kab_admin,
        actual_start=date(2024, 2, 2),
        actual_end=date(2024, 3, 1),
    )
    report = plan_report(kab_admin, plan, "b04", on=date(2024, 11, 1))
    assert (report.start, report.end, report.as_of) == (
        date(2024, 1, 1),
        date(2024, 4, 30),
        date(2024, 4, 30),
    )
    assert (report.total.planned, report.total.done, report.total.late) == (3, 1, 1)
    assert report.total.percent_done == 33
    agencies = {f.label: (f.planned, f.done, f.late, f.percent_done) for f in report.by_agency}
    assert agencies == {"Polres Kutai Timur": (2, 1, 1, 50), "Kodim 0909": (1, 0, 0, 0)}
    areas = {f.label: (f.planned, f.done, f.late) for f in report.by_area}
    assert areas == {"Sangatta Utara": (2, 1, 0), "Bengalon": (1, 0, 1)}
    assert plan_report(kab_admin, plan, "b12", on=date(2024, 11, 1)).total.planned == 1


def test_a_camats_report_holds_the_activities_of_their_kecamatan(plan, kab_admin, operator):
    make_plan_activity(plan=plan, by_user=kab_admin)
    make_plan_activity(plan=plan, by_user=kab_admin, area_code="64.08.09")
    assert plan_report(operator, plan, "b04").total.planned == 1


def test_the_report_downloads_as_pdf_and_xlsx_with_the_progress(plan, kab_admin, reporter):
    activity = make_plan_activity(
        plan=plan, by_user=kab_admin, organisation=OrganisationFactory(name="Polres")
    )
    plan_progress_record(activity=activity, progress=60, by_user=kab_admin, actual_start=date(2024, 2, 5))
    client = Client()
    client.force_login(kab_admin)
    response = client.get(f"/koordinasi/rencana-aksi/{plan.pk}/laporan/b04.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    response = client.get(f"/koordinasi/rencana-aksi/{plan.pk}/laporan/b04.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    rows = list(book.worksheets[0].values)
    assert rows[1][:4] == ("Polres", 1, 0, 1)  # due 31/03, 60 % at the end of April: late
    activities = list(book["Kegiatan"].values)
    assert activities[1][0] == "Sosialisasi pilkada damai"
    assert activities[1][9] == 60
    assert client.get(f"/koordinasi/rencana-aksi/{plan.pk}/laporan/b05.pdf").status_code == 404
    client.force_login(reporter)
    assert client.get(f"/koordinasi/rencana-aksi/{plan.pk}/laporan/b04.pdf").status_code == 403


def test_the_plan_pages_are_for_their_roles_and_progress_for_the_agency_in_scope(
    plan, kab_admin, operator, other_operator, liaison, reporter
):
    activity = make_plan_activity(plan=plan, by_user=kab_admin)
    assert_view_access(
        ViewAccessCase(url="/koordinasi/rencana-aksi/", without_permission=reporter, in_scope=operator)
    )
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/rencana-aksi/{plan.pk}/", without_permission=reporter, in_scope=liaison
        )
    )
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/rencana-aksi/kegiatan/{activity.pk}/kemajuan/",
            without_permission=reporter,
            in_scope=liaison,
            out_of_scope=other_operator,
        )
    )
    client = Client()
    client.force_login(operator)
    assert client.get(f"/koordinasi/rencana-aksi/{plan.pk}/kegiatan/baru/").status_code == 403
    client.force_login(liaison)
    response = client.post(
        f"/koordinasi/rencana-aksi/kegiatan/{activity.pk}/kemajuan/",
        {
            "progress": "100",
            "actual_start": "2024-02-01",
            "actual_end": "2024-03-30",
            "note": "Selesai di 18 kecamatan",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.progress == 100
    response = client.post(f"/koordinasi/rencana-aksi/kegiatan/{activity.pk}/kemajuan/", {"progress": "140"})
    assert "progress" in response.context["form"].errors


def test_kesbangpol_adds_an_activity_through_the_page(plan, kab_admin):
    from regions.models import AdminUnit

    client = Client()
    client.force_login(kab_admin)
    polres = OrganisationFactory(name="Polres Kutai Timur")
    response = client.post(
        f"/koordinasi/rencana-aksi/{plan.pk}/kegiatan/baru/",
        {
            "title": "Patroli skala besar",
            "target": "Titik rawan",
            "phase": "masa_tenang",
            "area": AdminUnit.objects.get(code="64.08").pk,
            "organisation": polres.pk,
            "planned_start": "2025-11-20",
            "planned_end": "2024-11-26",
        },
    )
    assert "planned_start" in response.context["form"].errors
    assert not plan.activities.exists()
    assert ActionPlan.objects.count() == 1


def test_the_dashboard_panel_shows_plan_progress_and_overdue_actions(plan, kab_admin):
    activity = make_plan_activity(plan=plan, by_user=kab_admin)
    make_plan_activity(plan=plan, by_user=kab_admin, area_code="64.08.09")
    plan_progress_record(
        activity=activity,
        progress=100,
        by_user=kab_admin,
        actual_start=date(2024, 2, 2),
        actual_end=date(2024, 3, 1),
    )
    summary = plan_summary_for_area(area_code="64.08", on=date(2024, 5, 2))
    assert summary["year"] == 2024
    assert summary["planned"] == 2
    assert summary["done"] == 1
    assert summary["late"] == 1
    assert summary["percent_done"] == 50
    assert summary["period"] == "b08"
    assert summary["overdue_actions"] >= 1
    assert plan_summary_for_area(area_code="64.08.04", on=date(2024, 5, 2))["late"] == 0


def test_the_report_xlsx_sheets_read_as_tables_with_labels_and_codes(plan, kab_admin):
    make_plan_activity(plan=plan, by_user=kab_admin, organisation=OrganisationFactory(name="Polres"))
    client = Client()
    client.force_login(kab_admin)
    book = load_workbook(BytesIO(client.get(f"/koordinasi/rencana-aksi/{plan.pk}/laporan/b04.xlsx").content))
    for sheet in book.worksheets:
        assert_readable_table(sheet, min_row_count=2)
    header, first = list(book["Kegiatan"].values)[:2]
    assert header[-2:] == ("kode_tahapan", "kode_wilayah")
    assert (first[2], first[-2]) == ("Kampanye", "kampanye")  # the label for a reader, the code beside it
    assert first[-1].startswith("64.08")
    assert first[10] in ("ya", "tidak")
