"""The daily situation report: its figures, its PDF and XLSX, the request page, scope and the worker path."""

import io
import uuid
from datetime import datetime, timedelta
from datetime import time as dtime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.choices import JobStatus
from core.jobs import jobs_recover
from core.tasks import background_jobs_recover_task
from core.testing import (
    ViewAccessCase,
    assert_readable_table,
    assert_view_access,
    celery_worker_idle,
    wait_until,
)
from escalation.models import Escalation
from escalation.services import escalation_step_run
from incidents import services
from incidents.choices import IncidentKind, RejectReason
from incidents.tests.factories import WITA, make_incident
from regions.models import AdminUnit
from situation.models import SituationReport
from situation.sitrep.data import situation_data
from situation.sitrep.labels import date_label, headlines
from situation.sitrep.pdf import situation_pdf
from situation.sitrep.services import situation_report_message, situation_report_request, situation_report_run
from situation.sitrep.xlsx import situation_xlsx
from stakeholders.choices import Office
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, user_with_office

SANGATTA_UTARA = "64.08.04"
BENGALON = "64.08.09"


def _now_minus(**delta):
    return timezone.now() - timedelta(**delta)


def _fresh(**fields):
    """An incident that happened minutes ago and was reported now (today, WITA)."""
    return make_incident(occurred_at=_now_minus(minutes=30), known_at=_now_minus(minutes=20), **fields)


@pytest.fixture
def day():
    return timezone.localdate()


@pytest.fixture
def bengalon_desa(kutim):
    return AdminUnit.objects.filter(code__startswith=BENGALON + ".").order_by("code").first().code


@pytest.fixture
def scene(kutim, kab_admin, bengalon_desa):
    """A day in Kutai Timur: what is new, what was escalated, what was done."""
    new_high = _fresh(title="Bentrok di posko A", severity=4)
    warning = _fresh(
        title="Isu pengerahan massa", severity=1, kind=IncidentKind.EARLY_WARNING, area_code=bengalon_desa
    )
    rejected = _fresh(title="Kabar bohong", severity=2)
    services.incident_reject(
        incident=rejected, expected_version=None, by_user=kab_admin, reason=RejectReason.HOAKS
    )
    # Reported yesterday, worked on today: verified, severity raised, follow-up, note, referral.
    older = make_incident(
        title="Intimidasi pemilih",
        severity=3,
        occurred_at=_now_minus(days=1, hours=3),
        known_at=_now_minus(days=1, hours=2),
        reported_at=_now_minus(days=1, hours=1),
    )
    older = services.incident_verify(incident=older, expected_version=None, by_user=kab_admin)
    older = services.incident_change_severity(
        incident=older, expected_version=None, by_user=kab_admin, severity=5
    )
    owner = PersonFactory(full_name="Pelaksana Uji")
    action = services.follow_up_add(
        incident=older,
        description="Patroli gabungan",
        owner=owner,
        due_date=timezone.localdate(),
        by_user=kab_admin,
    )
    services.follow_up_complete(action=action, by_user=kab_admin)
    services.note_add(incident=older, body="Situasi kondusif setelah patroli.", by_user=kab_admin)
    services.referral_add(
        incident=older,
        target="bawaslu",
        referred_at=timezone.now(),
        by_user=kab_admin,
        register_number="001/Reg",
    )
    # Lowered severity is not an escalation.
    lowered = _fresh(title="Spanduk dirusak", severity=3, area_code=bengalon_desa)
    services.incident_change_severity(incident=lowered, expected_version=None, by_user=kab_admin, severity=2)
    # Resolved today: verified, assigned (ditangani), resolved.
    done = _fresh(title="Blokade jalan", severity=2)
    done = services.incident_verify(incident=done, expected_version=None, by_user=kab_admin)
    done = services.incident_assign(
        incident=done,
        expected_version=None,
        by_user=kab_admin,
        lead_organisation=OrganisationFactory(),
        responsible_person=owner,
    )
    done = services.incident_resolve(incident=done, expected_version=None, by_user=kab_admin)
    # The escalation engine runs the first step of the severe report's alert (a timeline event).
    escalation = Escalation.objects.get(incident=new_high)
    assert escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1) == "ran"
    return {
        "new_high": new_high,
        "warning": warning,
        "rejected": rejected,
        "older": older,
        "lowered": lowered,
        "done": done,
    }


def _unit(data, code):
    return next(u for u in data.units if u.code == code)


def test_the_figures_count_the_days_reports_escalations_and_actions(kutim, scene, day):
    with translation.override("id"):
        data = situation_data(area=kutim, day=day)
    s = data.summary
    # new_high, done, lowered are incidents of today; the rejected one is left out; one warning.
    assert (s["new_incidents"], s["new_warnings"]) == (3, 1)
    # open: new_high (4), warning (1), older (5), lowered (2); done is selesai, rejected ditolak.
    assert s["open"] == 4
    assert dict(data.open_by_severity) == {5: 1, 4: 1, 3: 0, 2: 1, 1: 1}
    assert s["open_high"] == 2
    assert s["resolved"] == 1
    # The engine's step and the raise 3 -> 5; the lowering 3 -> 2 is not counted.
    assert s["escalations"] == 2
    assert {e["number"] for e in data.escalations} == {scene["new_high"].number, scene["older"].number}
    assert s["follow_ups_done"] == 1
    kinds = [a["what"] for a in data.actions if a["number"] == scene["older"].number]
    assert kinds == [
        "Status diubah",
        "Tindak lanjut ditambahkan",
        "Tindak lanjut selesai",
        "Catatan ditambahkan",
        "Dirujuk ke Bawaslu",
    ]
    note = next(a for a in data.actions if a["what"] == "Catatan ditambahkan")
    assert note["detail"] == "Situasi kondusif setelah patroli."
    assert {i["number"] for i in data.new_items} == {
        scene["new_high"].number,
        scene["warning"].number,
        scene["lowered"].number,
        scene["done"].number,
    }


def test_casualties_decisions_and_the_day_before_are_counted(kutim, scene, day):
    # Another desa: in new_high's desa, a clash report within the hour would join its alert group.
    hurt = _fresh(title="Penganiayaan saksi", severity=5, injured=3, dead=1, area_code="64.08.04.2011")
    yesterday = make_incident(
        title="Kemarin",
        severity=2,
        injured=2,
        occurred_at=_now_minus(days=1, hours=3),
        known_at=_now_minus(days=1, hours=2),
        reported_at=_now_minus(days=1),
    )
    with translation.override("id"):
        data = situation_data(area=kutim, day=day)
    s = data.summary
    assert (s["injured"], s["dead"]) == (3, 1)
    assert data.previous["injured"] == 2
    assert data.previous["new_incidents"] >= 1  # "Kemarin" (and the scene's older report, if filed yesterday)
    by_number = {d.number: d.reasons for d in data.decisions}
    # The new severe report's alert ran a step nobody acknowledged; older was raised to 5; hurt is 5.
    assert by_number[scene["new_high"].number] == ["unacknowledged", "severe"]
    assert by_number[scene["older"].number][-1] == "severe"
    assert by_number[hurt.number][-1] == "severe"
    assert yesterday.number not in by_number  # severity 2, no alert, no deadline passed
    assert scene["done"].number not in by_number  # resolved
    assert s["decisions"] == len(data.decisions)
    assert data.decisions[0].severity == 5
    sentences = " ".join(headlines(data))
    assert f"{s['decisions']} laporan perlu keputusan hari ini" in sentences
    assert "3 luka dan 1 meninggal" in sentences


def test_a_day_without_reports_says_so_in_its_headlines(kutim, day):
    with translation.override("id"):
        lines = headlines(situation_data(area=kutim, day=day - timedelta(days=30)))
    assert lines[:2] == [
        "Tidak ada laporan yang menunggu keputusan.",
        "Tidak ada korban luka atau meninggal dalam laporan hari ini.",
    ]


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_page_one_is_the_summary_and_the_action_log_is_an_annex(kutim, scene, day):
    with translation.override("id"):
        data = situation_data(area=kutim, day=day)
        pages = _pages(situation_pdf(data))
    first = pages[0]
    assert "Ringkasan satu menit" in first
    assert "laporan perlu keputusan hari ini" in first
    assert "Korban" in first
    assert "Dibanding kemarin" in first
    assert scene["older"].number in first  # severity 5, open: a decision
    assert f"{data.summary['actions']} tindakan tercatat hari ini; rinciannya di Lampiran B." in first
    assert "Catatan ditambahkan" not in first
    annex = next(i for i, text in enumerate(pages) if "LAMPIRAN B. TINDAKAN" in text)
    assert "Catatan ditambahkan" in " ".join(pages[annex:])
    assert "Catatan ditambahkan" not in " ".join(pages[:annex])


def test_a_busy_day_has_two_pages_before_the_annex(kutim):
    """231 actions, 20 reports needing a decision, 12 new reports, 4 escalation steps, every kecamatan busy: the summary and the
    details still take two pages; the actions fill the annex."""
    from situation.sitrep.data import Decision, SituationData, UnitRow

    units = [
        UnitRow(
            code=f"64.08.{n:02d}", name=f"Kecamatan {n}", new_incidents=1, open=3, open_high=1, escalations=1
        )
        for n in range(1, 19)
    ]
    row = {
        "number": "INS-2024-000123",
        "time": "09.30 WITA",
        "kind": "Insiden",
        "title": "Bentrok antarpendukung di depan posko kampanye",
        "category": "Bentrok massa",
        "severity": "4 Tinggi",
        "status": "Baru",
        "place": "Singa Gembara, Sangatta Utara",
    }
    event = {
        "time": "10.00 WITA",
        "number": "INS-2024-000123",
        "title": row["title"],
        "severity": "4 Tinggi",
        "place": row["place"],
        "what": "Catatan ditambahkan",
        "detail": "Patroli gabungan dikirim ke lokasi; situasi kondusif.",
        "by": "Admin Sistem",
    }
    summary = {
        "new_incidents": 12,
        "new_warnings": 3,
        "open": 54,
        "open_high": 18,
        "resolved": 4,
        "escalations": 6,
        "escalated_incidents": 5,
        "actions": 231,
        "follow_ups_done": 20,
        "injured": 7,
        "dead": 1,
        "decisions": 20,
        "unacknowledged": 3,
        "severe_open": 18,
        "legal_overdue": 2,
    }
    data = SituationData(
        area=kutim,
        day=timezone.localdate(),
        generated_at=timezone.now(),
        summary=summary,
        open_by_severity=[(5, 3), (4, 15), (3, 20), (2, 10), (1, 6)],
        by_category=[(f"Kategori {n}", 2, 1) for n in range(6)],
        unit_label="Kecamatan",
        units=units,
        new_items=[row] * 12,
        escalations=[{**event, "what": "Langkah eskalasi dijalankan"}] * 4,
        actions=[event] * 231,
        decisions=[
            Decision(
                number=row["number"], title=row["title"], severity=4, place=row["place"], reasons=["severe"]
            )
        ]
        * 20,
        previous={"new_incidents": 9, "new_warnings": 2, "resolved": 3, "injured": 2, "dead": 0, "open": 46},
        top_item=row,
    )
    with translation.override("id"):
        pages = _pages(situation_pdf(data))
    annex = next(i for i, text in enumerate(pages) if "LAMPIRAN B. TINDAKAN" in text)
    assert annex == 2, pages[2][:300]
    assert "231 tindakan tercatat hari ini" in pages[0]
    assert "... dan 10 laporan lainnya" in pages[0]
    assert " ".join(pages[annex:]).count("Catatan ditambahkan") == 231


def test_the_morning_message_leads_with_decisions_and_casualties(kutim, scene, day, kab_admin):
    report = situation_report_request(area=kutim, day=day, by_user=kab_admin)
    assert situation_report_run(report_id=report.pk) == "done"
    report.refresh_from_db()
    with translation.override("id"):
        text = situation_report_message(report)
    decisions = report.summary["decisions"]
    assert f"Perlu keputusan: {decisions} laporan" in text
    assert "Korban: 0 luka, 0 meninggal." in text
    assert text.index("Perlu keputusan") < text.index("insiden baru")


def test_the_table_has_every_kecamatan_with_its_own_figures(kutim, scene, day):
    data = situation_data(area=kutim, day=day)
    assert len(data.units) == 18
    sangatta = _unit(data, SANGATTA_UTARA)
    assert (sangatta.name, sangatta.new_incidents, sangatta.new_warnings) == ("Sangatta Utara", 2, 0)
    assert (sangatta.open, sangatta.open_high, sangatta.resolved, sangatta.escalations) == (2, 2, 1, 2)
    bengalon = _unit(data, BENGALON)
    assert (bengalon.new_incidents, bengalon.new_warnings, bengalon.open, bengalon.escalations) == (
        1,
        1,
        2,
        0,
    )
    assert _unit(data, "64.08.01").open == 0


def test_a_kecamatan_report_covers_only_that_kecamatan_by_desa(kutim, scene, day, operator):
    area = AdminUnit.objects.get(code=SANGATTA_UTARA)
    data = situation_data(area=area, day=day, user=operator)
    assert data.summary["new_incidents"] == 2
    assert data.summary["new_warnings"] == 0
    assert scene["warning"].number not in {i["number"] for i in data.new_items}
    assert all(u.code.startswith(SANGATTA_UTARA) for u in data.units)
    assert _unit(data, "64.08.04.2001").new_incidents == 2


def test_a_day_without_reports_has_zero_figures(kutim, scene, day):
    data = situation_data(area=kutim, day=day - timedelta(days=10))
    assert data.summary["new_incidents"] == 0
    assert data.new_items == []
    assert data.escalations == []
    # Reports filed after that day are not yet open on it.
    assert data.summary["open"] == 0


def test_the_pdf_holds_the_title_date_figures_and_incidents(kutim, scene, day):
    with translation.override("id"):
        data = situation_data(area=kutim, day=day)
        content = situation_pdf(data)
    assert content.startswith(b"%PDF")
    # Lines of a wrapped cell come out one after another; compare with whitespace collapsed.
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert "LAPORAN SITUASI HARIAN" in text
    assert "Kabupaten Kutai Timur" in text
    assert date_label(day) in text
    assert scene["new_high"].number in text
    assert "Sangatta Utara" in text
    assert "Langkah eskalasi dijalankan" in text
    assert "Baru -> Ditolak" in text  # the rejection is an action of the day, not a new report
    assert "Peta laporan baru per kecamatan" in text


def test_the_pdf_prints_names_and_typography_outside_latin1(kutim, day):
    title = "Spanduk \u201c\u015e\u00fckr\u00fc\u201d dirobek \u2013 warga"  # curly quotes, Ş, en dash
    _fresh(title=title, severity=2)
    with translation.override("id"):
        content = situation_pdf(situation_data(area=kutim, day=day))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert title in text
    assert "?" not in text


def test_the_map_snapshot_has_every_kecamatan_boundary_and_classes_over_the_counts(kutim, day):
    from situation.sitrep.pdf import map_classes

    data = situation_data(area=kutim, day=day)
    assert len(data.shapes) == 18
    geometry, centroid = data.shapes[SANGATTA_UTARA]
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    assert centroid is not None
    assert map_classes([0, 0]) == []
    assert map_classes([0, 2, 1]) == [(1, 1), (2, 2)]
    assert map_classes([0, 10, 3]) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert map_classes([7]) == [(1, 2), (3, 3), (4, 5), (6, 6), (7, 7)]


def test_the_xlsx_has_the_summary_the_table_and_the_lists(kutim, scene, day):
    with translation.override("id"):
        data = situation_data(area=kutim, day=day)
        workbook = load_workbook(io.BytesIO(situation_xlsx(data)))
    assert workbook.sheetnames == [
        "Ringkasan",
        "Perlu keputusan",
        "Per kecamatan",
        "Kategori",
        "Laporan baru",
        "Eskalasi",
        "Tindakan",
        "Terjadi pada tanggal ini",
    ]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["Insiden baru"] == 3
    assert summary["Peringatan dini baru"] == 1
    assert summary["Selesai ditangani hari ini"] == 1
    rows = {row[0]: row[1:] for row in workbook["Per kecamatan"].iter_rows(min_row=2, values_only=True)}
    assert rows["Sangatta Utara"] == (2, 0, 2, 2, 1, 2)
    new = [row[0] for row in workbook["Laporan baru"].iter_rows(min_row=2, values_only=True)]
    assert new[0] == scene["new_high"].number  # the most severe first
    escalations = [row[1] for row in workbook["Eskalasi"].iter_rows(min_row=2, values_only=True)]
    assert sorted(escalations) == sorted([scene["new_high"].number, scene["older"].number])


def test_a_cell_that_looks_like_a_formula_is_kept_as_text(kutim, day):
    _fresh(title="=HYPERLINK(1)")
    workbook = load_workbook(io.BytesIO(situation_xlsx(situation_data(area=kutim, day=day))))
    titles = [row[3] for row in workbook["Laporan baru"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=HYPERLINK(1)"]


def test_running_a_report_stores_both_files_and_the_summary_once(kutim, scene, day, kab_admin):
    report = situation_report_request(area=kutim, day=day, by_user=kab_admin)
    assert situation_report_run(report_id=report.pk) == "done"
    report.refresh_from_db()
    assert (report.status, report.percent, report.attempts) == (JobStatus.DONE, 100, 1)
    assert report.pdf.open("rb").read(4) == b"%PDF"
    assert report.xlsx.name.endswith(".xlsx")
    assert report.summary["new_incidents"] == 3
    first_pdf = report.pdf.name
    assert situation_report_run(report_id=report.pk) == "skipped"
    report.refresh_from_db()
    assert report.pdf.name == first_pdf


def test_a_report_request_is_queued_after_commit_through_the_shared_helper(
    kutim, day, kab_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        report = situation_report_request(area=kutim, day=day, by_user=kab_admin)
    assert (report.status, len(sent)) == (JobStatus.QUEUED, 1)
    assert report.queued_at is not None


def _dead_report(user, area, day, *, minutes_ago=10):
    """A report left running by a worker killed ``minutes_ago`` (its heartbeat stopped then)."""
    then = timezone.now() - timedelta(minutes=minutes_ago)
    return SituationReport.objects.create(
        date=day,
        area=area,
        area_code=area.code,
        created_by=user,
        status=JobStatus.RUNNING,
        attempts=1,
        worker="mati@host pid 1",
        claim_token=uuid.uuid4(),
        started_at=then,
        heartbeat_at=then,
    )


def test_a_build_orphaned_by_a_dead_worker_is_redone_but_a_live_one_is_left_alone(
    kutim, day, kab_admin, django_capture_on_commit_callbacks
):
    live = _dead_report(kab_admin, kutim, day, minutes_ago=0)
    dead = _dead_report(kab_admin, kutim, day)
    with django_capture_on_commit_callbacks() as sent:
        jobs_recover()
    live.refresh_from_db()
    dead.refresh_from_db()
    assert (live.status, dead.status, len(sent)) == (JobStatus.RUNNING, JobStatus.QUEUED, 1)
    assert situation_report_run(report_id=live.pk) == "skipped"
    assert situation_report_run(report_id=dead.pk) == "done"
    dead.refresh_from_db()
    assert (dead.status, dead.attempts, dead.claim_token) == (JobStatus.DONE, 2, None)


def test_a_report_for_a_desa_or_a_future_date_is_refused(kutim, day, kab_admin):
    from django.core.exceptions import ValidationError

    desa = AdminUnit.objects.get(code="64.08.04.2001")
    with pytest.raises(ValidationError, match="Pilih kabupaten atau kecamatan"):
        situation_report_request(area=desa, day=day, by_user=kab_admin)
    with pytest.raises(ValidationError, match="tidak boleh di masa depan"):
        situation_report_request(area=kutim, day=day + timedelta(days=1), by_user=kab_admin)


# --- the pages ------------------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _report(area_code, user, status=JobStatus.QUEUED):
    area = AdminUnit.objects.get(code=area_code)
    return SituationReport.objects.create(
        date=timezone.localdate(), area=area, area_code=area.code, created_by=user, status=status
    )


def test_the_form_offers_only_the_areas_in_the_users_scope(kutim, operator, kab_admin):
    page = _client(operator).get(reverse("situation:sitrep_list")).content.decode()
    assert 'value="64.08.04"' in page
    assert 'value="64.08.09"' not in page
    assert 'value="64.08"' not in page
    page = _client(kab_admin).get(reverse("situation:sitrep_list")).content.decode()
    assert 'value="64.08"' in page
    assert 'value="64.08.09"' in page
    assert 'value="64.08.04.2001"' not in page  # a desa is not a report area


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "area": "64.08.04"}, "Isi tanggal laporan."),
        ({"date": "2024-13-45", "area": "64.08.04"}, "Tanggal tidak dikenali"),
        ({"date": "2099-01-01", "area": "64.08.04"}, "Tanggal laporan tidak boleh di masa depan."),
        ({"date": "2999-01-01", "area": "64.08.04"}, "Tanggal paling akhir 31/12/2100."),
        ({"date": "0001-01-01", "area": "64.08.04"}, "Tanggal paling awal 01/01/1900."),
        ({"date": "2024-11-11", "area": ""}, "Pilih wilayah laporan."),
        ({"date": "2024-11-11", "area": "64.08.09"}, "Wilayah ini tidak tersedia untuk Anda."),
        ({"date": "2024-11-11", "area": "bukan-angka"}, "Wilayah ini tidak tersedia untuk Anda."),
    ],
)
def test_bad_input_gets_a_field_message_and_no_report(kutim, operator, data, message):
    response = _client(operator).post(reverse("situation:sitrep_list"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SituationReport.objects.exists()


def test_a_kecamatan_user_cannot_see_or_download_another_kecamatans_report(kutim, operator, other_operator):
    theirs = _report(BENGALON, other_operator, status=JobStatus.DONE)
    client = _client(operator)
    assert client.get(reverse("situation:sitrep_detail", args=[theirs.pk])).status_code == 404
    for fmt in ("pdf", "xlsx"):
        assert client.get(reverse("situation:sitrep_download", args=[theirs.pk, fmt])).status_code == 404
    kabupaten = _report("64.08", None, status=JobStatus.DONE)
    assert client.get(reverse("situation:sitrep_detail", args=[kabupaten.pk])).status_code == 404
    page = client.get(reverse("situation:sitrep_list")).content.decode()
    assert reverse("situation:sitrep_detail", args=[theirs.pk]) not in page


def test_the_list_page_access(kutim, operator, reporter):
    assert_view_access(
        ViewAccessCase(url=reverse("situation:sitrep_list"), without_permission=reporter, in_scope=operator)
    )


def test_the_request_post_access(kutim, operator, reporter):
    assert_view_access(
        ViewAccessCase(
            url=reverse("situation:sitrep_list"),
            without_permission=reporter,
            in_scope=operator,
            method="post",
            data={"date": "2024-11-11", "area": SANGATTA_UTARA},
            ok_status=(302,),
        )
    )
    assert SituationReport.objects.get().created_by == operator


def test_the_detail_page_access(kutim, operator, other_operator, reporter):
    report = _report(SANGATTA_UTARA, operator)
    assert_view_access(
        ViewAccessCase(
            url=reverse("situation:sitrep_detail", args=[report.pk]),
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_the_download_access(kutim, scene, operator, other_operator, reporter, day):
    report = situation_report_request(
        area=AdminUnit.objects.get(code=SANGATTA_UTARA), day=day, by_user=operator
    )
    situation_report_run(report_id=report.pk)
    for fmt in ("pdf", "xlsx"):
        assert_view_access(
            ViewAccessCase(
                url=reverse("situation:sitrep_download", args=[report.pk, fmt]),
                without_permission=reporter,
                in_scope=operator,
                out_of_scope=other_operator,
            )
        )


def test_an_unfinished_report_or_an_unknown_format_has_no_download(kutim, operator):
    report = _report(SANGATTA_UTARA, operator)
    client = _client(operator)
    assert client.get(reverse("situation:sitrep_download", args=[report.pk, "pdf"])).status_code == 404
    report.status = JobStatus.DONE
    report.save()
    assert client.get(reverse("situation:sitrep_download", args=[report.pk, "docx"])).status_code == 404


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    kutim, kab_admin, operator, django_assert_max_num_queries
):
    for _ in range(3):
        _report(SANGATTA_UTARA, operator, status=JobStatus.DONE)
    client = _client(kab_admin)
    client.get(reverse("situation:sitrep_list"))  # warm the session and the content types
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("situation:sitrep_list"))
    for _ in range(40):
        _report("64.08", kab_admin, status=JobStatus.DONE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("situation:sitrep_list"))
    assert page.content.decode().count("/unduh/pdf/") == 20
    assert "page=2" in page.content.decode()


# --- the worker -----------------------------------------------------------------------------------


def _wait(report, seconds=60):
    def finished():
        report.refresh_from_db()
        return report.status in (JobStatus.DONE, JobStatus.FAILED)

    wait_until(finished, timeout=seconds, message=f"the report stayed {report.status}")
    return report


@pytest.mark.worker
def test_a_requested_report_is_built_in_the_worker_with_progress_and_downloads(
    celery_worker, kutim, operator
):
    make_incident(
        title="Bentrok di posko B", occurred_at=_now_minus(minutes=30), known_at=_now_minus(minutes=20)
    )
    client = _client(operator)
    response = client.post(
        reverse("situation:sitrep_list"), {"date": timezone.localdate().isoformat(), "area": SANGATTA_UTARA}
    )
    report = SituationReport.objects.get()
    assert response["Location"] == reverse("situation:sitrep_detail", args=[report.pk])
    report = _wait(report)
    assert report.status == JobStatus.DONE, report.error

    progress = client.get(reverse("situation:sitrep_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert b'value="100"' in progress.content
    assert b"hx-trigger" not in progress.content
    pdf = b"".join(
        client.get(reverse("situation:sitrep_download", args=[report.pk, "pdf"])).streaming_content
    )
    assert pdf.startswith(b"%PDF")
    assert "Bentrok di posko B" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    xlsx = b"".join(
        client.get(reverse("situation:sitrep_download", args=[report.pk, "xlsx"])).streaming_content
    )
    summary = {
        r[0]: r[1] for r in load_workbook(io.BytesIO(xlsx))["Ringkasan"].iter_rows(values_only=True) if r[0]
    }
    assert summary["Insiden baru"] == 1


@pytest.mark.worker
def test_a_message_under_the_task_name_of_before_the_move_still_builds_the_report(
    celery_worker, kutim, operator
):
    from pilkada_mitigasi.celery import app

    report = situation_report_request(
        area=AdminUnit.objects.get(code=SANGATTA_UTARA), day=timezone.localdate(), by_user=operator
    )
    # As a worker of the release before the move left it in the broker.
    app.send_task("incidents.tasks.situation_report_run", args=[report.pk])
    assert _wait(report).status == JobStatus.DONE


@pytest.mark.worker
def test_a_report_whose_worker_died_is_queued_again_by_the_beat_task_and_built_by_a_real_worker(
    celery_worker, kutim, operator
):
    make_incident(
        title="Bentrok di posko C", occurred_at=_now_minus(minutes=30), known_at=_now_minus(minutes=20)
    )
    report = _dead_report(operator, AdminUnit.objects.get(code=SANGATTA_UTARA), timezone.localdate())
    background_jobs_recover_task.delay()  # through Redis, as beat sends it
    report = _wait(report)
    assert report.status == JobStatus.DONE, report.error
    assert (report.attempts, report.claim_token) == (2, None)
    assert report.worker != "mati@host pid 1"
    assert report.summary["new_incidents"] == 1
    assert report.pdf.open("rb").read(4) == b"%PDF"


@pytest.fixture
def forkopimda(kutim):
    from stakeholders.choices import ForumKind
    from stakeholders.services import forum_create

    forum_create(kind=ForumKind.FORKOPIMDA, area=kutim, name="Forkopimda Kutai Timur")
    return [
        user_with_office(Office.BUPATI, "64.08"),
        user_with_office(Office.KAPOLRES, "64.08"),
        user_with_office(Office.KAJARI, "64.08"),
    ]


@pytest.mark.worker
def test_the_morning_report_goes_to_the_forkopimda_once_per_date(celery_worker, kutim, forkopimda):
    from notifications.models import InboxItem, Message
    from situation.tasks import situation_report_morning_task

    # The incident also starts an escalation that alerts people; only the report's messages count here.
    sitrep_messages = Message.objects.filter(idempotency_key__startswith="sitrep|")
    sitrep_inbox = InboxItem.objects.filter(message__in=sitrep_messages)
    yesterday = timezone.localdate() - timedelta(days=1)
    make_incident(
        title="Kericuhan kemarin",
        occurred_at=datetime.combine(yesterday, dtime(10), tzinfo=WITA),
        known_at=datetime.combine(yesterday, dtime(11), tzinfo=WITA),
        reported_at=datetime.combine(yesterday, dtime(12), tzinfo=WITA),
    )
    for _ in range(2):
        situation_report_morning_task.delay()
    wait_until(lambda: sitrep_inbox.count() >= 3, timeout=60)
    wait_until(celery_worker_idle, timeout=30)  # let the second run finish too

    report = SituationReport.objects.get(scheduled=True)
    assert (report.date, report.area_code, report.status) == (yesterday, "64.08", JobStatus.DONE)
    message = sitrep_messages.get()
    assert message.idempotency_key == f"sitrep|pagi|64.08|{yesterday.isoformat()}"
    assert "1 insiden baru" in message.text
    assert message.link.endswith(reverse("situation:sitrep_detail", args=[report.pk]))
    inbox = sitrep_inbox.select_related("person__user")
    assert sorted(item.person.user.pk for item in inbox) == sorted(user.pk for user in forkopimda)

    # A later run the same morning (beat retried, or a person pressed it) sends nothing new.
    situation_report_morning_task.run()
    assert (sitrep_messages.count(), sitrep_inbox.count()) == (1, 3)
    assert SituationReport.objects.filter(scheduled=True).count() == 1

    # The Bupati opens the link and downloads the PDF.
    client = _client(forkopimda[0])
    assert client.get(reverse("situation:sitrep_detail", args=[report.pk])).status_code == 200
    pdf = client.get(reverse("situation:sitrep_download", args=[report.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_morning_send_is_off_by_default_and_scheduled_at_the_configured_wita_time():
    import os
    import subprocess
    import sys

    code = (
        "from pilkada_mitigasi import settings as s; e = s.CELERY_BEAT_SCHEDULE.get('sitrep-morning');"
        "print(e and (e['task'], sorted(e['schedule'].hour), sorted(e['schedule'].minute)))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert off.stdout.strip() == "None"
    env.update(SITREP_MORNING_ENABLED="1", SITREP_MORNING_TIME="05:45")
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert on.stdout.strip() == "('situation.tasks.situation_report_morning', [5], [45])"


def test_a_morning_report_whose_worker_died_is_sent_by_the_run_that_recovers_it(kutim, forkopimda):
    from notifications.models import Message

    yesterday = timezone.localdate() - timedelta(days=1)
    report = _dead_report(None, kutim, yesterday)
    SituationReport.objects.filter(pk=report.pk).update(scheduled=True)
    jobs_recover()
    assert situation_report_run(report_id=report.pk) == "done"
    message = Message.objects.get(idempotency_key__startswith="sitrep|")
    assert message.idempotency_key == f"sitrep|pagi|64.08|{yesterday.isoformat()}"


def test_without_a_forkopimda_the_morning_report_is_built_but_sent_to_nobody(kutim):
    from notifications.models import Message
    from situation.sitrep.services import situation_report_morning

    report = situation_report_morning(day=timezone.localdate() - timedelta(days=3))
    assert (report.scheduled, report.status, report.area_code) == (True, JobStatus.DONE, "64.08")
    assert not Message.objects.exists()


def test_a_steps_reach_result_is_not_counted_as_another_escalation():
    from incidents.models import IncidentEvent
    from situation.sitrep.data import _is_escalation

    step = IncidentEvent(kind="eskalasi", new={"_escalation": 1, "_step": 1, "_recipients": 3})
    result = IncidentEvent(
        kind="eskalasi", new={"_escalation": 1, "_step": 1, "_reached": [], "_not_reached": [7]}
    )
    assert _is_escalation(step)
    assert not _is_escalation(result)


def test_the_xlsx_tables_have_frozen_headers_filters_and_widths(kutim, scene, day):
    with translation.override("id"):
        workbook = load_workbook(io.BytesIO(situation_xlsx(situation_data(area=kutim, day=day))))
    for sheet in workbook.worksheets[1:]:
        assert_readable_table(sheet)
    summary = workbook["Ringkasan"]
    assert summary["A1"].font.bold
    assert summary.column_dimensions["A"].width == 60
    statuses = {row[6] for row in workbook["Laporan baru"].iter_rows(min_row=2, values_only=True)}
    assert statuses
    assert all(status[:1].isupper() for status in statuses)  # labels ("Baru"), not codes ("baru")
