import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessRecord
from core.testing import ViewAccessCase, assert_view_access
from incidents.choices import EventKind, Status
from incidents.models import Evidence, Incident
from incidents.services import evidence_add, incident_verify
from incidents.tests.factories import make_incident
from incidents.tests.files import (
    elf_named_jpg,
    exe_named_jpg,
    html_named_pdf,
    jpeg_upload,
    pdf_upload,
    png_upload,
)
from regions.models import AdminUnit, Election, PollingStation
from stakeholders.models import Organisation


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def incident(reporter):
    return make_incident(by_user=reporter)


# --- access of every view --------------------------------------------------------------------


def test_triage_queue_access(incident, operator, trainer):
    assert_view_access(
        ViewAccessCase(url=reverse("incidents:index"), without_permission=trainer, in_scope=operator)
    )


def test_incident_page_access(incident, operator, other_operator, trainer):
    assert_view_access(
        ViewAccessCase(
            url=incident.get_absolute_url(),
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_report_form_access(reporter, trainer):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_create"), without_permission=trainer, in_scope=reporter
        )
    )


def test_confirmation_page_access(incident, reporter, other_operator, trainer):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_created", args=[incident.number]),
            without_permission=trainer,
            in_scope=reporter,
            out_of_scope=other_operator,
        )
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("incident_verify", {}),
        ("incident_severity", {"severity": 4}),
        ("incident_reject", {"reason": "hoaks"}),
    ],
)
def test_quick_actions_access(incident, operator, other_operator, reporter, name, data):
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"incidents:{name}", args=[incident.number]),
            method="post",
            data={"version": incident.version, **data},
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )


def test_assign_form_access(incident, operator, other_operator, reporter):
    incident_verify(incident=incident, expected_version=None, by_user=operator)
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_assign", args=[incident.number]),
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_edit_form_access(incident, operator, other_operator, reporter):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_update", args=[incident.number]),
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("note_create", {"body": "Catatan"}),
        ("followup_create", {"description": "Patroli", "due_date": "2024-10-12"}),
    ],
)
def test_note_and_follow_up_access(incident, operator, other_operator, trainer, name, data):
    if name == "followup_create":
        data = {**data, "owner": operator.person.pk}
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"incidents:{name}", args=[incident.number]),
            method="post",
            data=data,
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )


def test_referral_and_link_access(incident, operator, other_operator, reporter):
    other = make_incident(by_user=reporter)
    for name, data in (
        (
            "referral_create",
            {"target": "bawaslu", "referred_at": "2024-10-11T10:00", "register_number": "001/Reg"},
        ),
        ("link_create", {"number": other.number, "kind": "terkait"}),
    ):
        assert_view_access(
            ViewAccessCase(
                url=reverse(f"incidents:{name}", args=[incident.number]),
                method="post",
                data=data,
                without_permission=reporter,
                in_scope=operator,
                out_of_scope=other_operator,
                ok_status=(302,),
            )
        )
    assert incident.referrals.get().register_number == "001/Reg"
    assert incident.links_out.get().target == other


def test_evidence_download_access(incident, operator, other_operator, trainer, reporter):
    evidence = evidence_add(incident=incident, uploaded_file=png_upload(), by_user=reporter)
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:evidence_download", args=[evidence.pk]),
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_informant_page_access(reporter, kab_admin, operator):
    incident = make_incident(by_user=reporter, informant={"full_name": "Informan X"})
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:informant_detail", args=[incident.number]),
            without_permission=operator,
            in_scope=kab_admin,
        )
    )


def test_export_access(incident, operator, trainer):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_export") + "?format=csv",
            without_permission=trainer,
            in_scope=operator,
        )
    )


# --- triage queue ------------------------------------------------------------------------------


def test_queue_shows_open_reports_by_severity_then_age(reporter, operator):
    low = make_incident(by_user=reporter, severity=2, title="Rendah")
    high = make_incident(by_user=reporter, severity=5, title="Kritis")
    closed = make_incident(by_user=reporter, severity=5, title="Ditolak")
    from incidents.services import incident_reject

    incident_reject(incident=closed, expected_version=None, by_user=operator, reason="hoaks")
    response = _client(operator).get(reverse("incidents:index"))
    rows = [r.number for r in response.context["rows"]]
    assert rows == [high.number, low.number]


def test_queue_is_scoped_to_the_operators_kecamatan(reporter, other_operator):
    make_incident(by_user=reporter)
    bengalon = make_incident(area_code="64.08.09.2001", title="Di Bengalon")
    rows = _client(other_operator).get(reverse("incidents:index")).context["rows"]
    assert [r.number for r in rows] == [bengalon.number]


def test_field_reporter_sees_only_own_reports(reporter):
    own = make_incident(by_user=reporter)
    make_incident()  # someone else's, same desa
    rows = _client(reporter).get(reverse("incidents:index")).context["rows"]
    assert [r.number for r in rows] == [own.number]


def _note_on(incident, operator):
    from incidents.services import note_add

    note_add(incident=incident, body="Pelapor jangan dihubungi dulu, tunggu Kapolsek.", by_user=operator)


def test_field_reporter_does_not_see_internal_notes_on_own_report(incident, reporter, operator):
    _note_on(incident, operator)
    response = _client(reporter).get(incident.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert incident.title in page
    assert "Pelapor jangan dihubungi dulu" not in page
    assert "Catatan internal" not in page
    # nor the timeline entry saying a note was added
    assert EventKind.NOTE not in [e.kind for e in response.context["timeline"]]
    assert EventKind.NOTE in incident.events.values_list("kind", flat=True)
    assert str(EventKind.NOTE.label) not in page


def test_field_reporter_does_not_see_who_opened_the_informants_identity(reporter, kab_admin):
    from incidents.services import informant_reveal

    incident = make_incident(by_user=reporter, informant={"full_name": "Ibu Rahasia"})
    informant_reveal(incident=incident, by_user=kab_admin, purpose="verifikasi")
    kinds = [e.kind for e in _client(reporter).get(incident.get_absolute_url()).context["timeline"]]
    assert EventKind.INFORMANT not in kinds
    assert EventKind.INFORMANT in [
        e.kind for e in _client(kab_admin).get(incident.get_absolute_url()).context["timeline"]
    ]


def test_officials_handling_the_report_see_its_internal_notes_and_timeline(
    incident, reporter, operator, liaison, kab_admin
):
    _note_on(incident, operator)
    for official in (operator, liaison, kab_admin):
        response = _client(official).get(incident.get_absolute_url())
        page = response.content.decode()
        assert "Pelapor jangan dihubungi dulu" in page, official
        assert EventKind.NOTE in [e.kind for e in response.context["timeline"]]


def test_an_official_who_only_filed_a_report_elsewhere_does_not_see_its_internal_notes(
    operator, other_operator
):
    """Seeing a report as its reporter is the pelapor's view, whatever offices the reporter holds."""
    elsewhere = make_incident(by_user=other_operator)  # in Sangatta Utara, the other camat's report
    _note_on(elsewhere, operator)
    page = _client(other_operator).get(elsewhere.get_absolute_url()).content.decode()
    assert elsewhere.title in page
    assert "Pelapor jangan dihubungi dulu" not in page


def test_security_liaison_sees_area_and_incidents_led_by_their_organisation(liaison, operator, reporter):
    in_area = make_incident(by_user=reporter)
    elsewhere = make_incident(area_code="64.08.09.2001")
    led = make_incident(area_code="64.08.09.2001", title="Dipimpin Polsek")
    incident_verify(incident=led, expected_version=None, by_user=None)
    from incidents.services import incident_assign

    incident_assign(
        incident=led,
        expected_version=None,
        by_user=None,
        lead_organisation=Organisation.objects.get(pk=liaison.person.positions.get().organisation_id),
        responsible_person=liaison.person,
    )
    numbers = {
        r.number for r in _client(liaison).get(reverse("incidents:index") + "?status=semua").context["rows"]
    }
    assert numbers == {in_area.number, led.number}
    assert elsewhere.number not in numbers


@pytest.mark.parametrize(
    ("query", "expected_titles"),
    [
        ("severity=5", {"Kritis di Sepaso"}),
        ("kecamatan=64.08.09", {"Kritis di Sepaso"}),
        ("desa=64.08.04.2001", {"Uang di Sangatta"}),
        ("track=P", {"Uang di Sangatta"}),
        ("q=amplop", {"Uang di Sangatta"}),
        ("overdue=on", {"Uang di Sangatta"}),
        ("confidential=on", {"Kritis di Sepaso"}),
        ("sampai=2020-01-01", set()),
        ("dari=2020-01-01&sampai=2099-12-31", {"Uang di Sangatta", "Kritis di Sepaso"}),
        ("status=semua&phase=999999", None),
    ],
)
def test_filters_and_search(kab_admin, query, expected_titles):
    make_incident(
        category="POLITIK_UANG",
        title="Uang di Sangatta",
        chronology="Pembagian amplop berisi uang",
        severity=2,
    )
    make_incident(
        area_code="64.08.09.2001",
        title="Kritis di Sepaso",
        severity=5,
        informant={"full_name": "Rahasia"},
    )
    response = _client(kab_admin).get(reverse("incidents:index") + "?" + query)
    assert response.status_code == 200
    if expected_titles is None:  # an unknown choice is a form error, not a 500
        assert response.context["filter"].form.errors
        return
    assert {r.title for r in response.context["rows"]} == expected_titles


@pytest.mark.parametrize("query", ["kecamatan=64.08.09", "desa=64.08.09.2001"])
def test_the_area_filters_still_filter_once_something_read_the_declared_fields(kab_admin, query):
    # The API schema reads the class's filters' fields; what it builds must not decide the queue's choices.
    from incidents.filters import IncidentFilterSet

    for name in ("kecamatan", "desa", "election", "phase"):
        assert IncidentFilterSet.base_filters[name].field is not None
    make_incident(title="Uang di Sangatta")
    make_incident(area_code="64.08.09.2001", title="Kritis di Sepaso")
    response = _client(kab_admin).get(reverse("incidents:index") + "?" + query)
    assert not response.context["filter"].form.errors
    assert {r.title for r in response.context["rows"]} == {"Kritis di Sepaso"}


@pytest.mark.parametrize(
    "query", ["sampai=9999-12-31", "dari=0001-01-01", "dari=9999-12-31&sampai=0001-01-01"]
)
def test_a_date_filter_outside_the_sane_range_is_a_field_message_not_a_500(kab_admin, query):
    make_incident(title="Uang di Sangatta")
    client = Client(raise_request_exception=False)
    client.force_login(kab_admin)
    response = client.get(reverse("incidents:index") + "?" + query)
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert any("Tanggal paling" in message for messages in errors.values() for message in messages)


def test_assigned_to_me_filter(operator, reporter):
    mine = make_incident(by_user=reporter, title="Untuk saya")
    make_incident(by_user=reporter, title="Bukan untuk saya")
    incident_verify(incident=mine, expected_version=None, by_user=operator)
    from incidents.services import incident_assign

    incident_assign(
        incident=mine,
        expected_version=None,
        by_user=operator,
        lead_organisation=Organisation.objects.first(),
        responsible_person=operator.person,
    )
    rows = _client(operator).get(reverse("incidents:index") + "?mine=on").context["rows"]
    assert [r.title for r in rows] == ["Untuk saya"]


@pytest.mark.parametrize("who", ["kab_admin", "operator"])
def test_queue_query_count_does_not_grow_with_rows(request, db, who, django_assert_max_num_queries):
    kab_admin = request.getfixturevalue(who)
    for n in range(3):
        make_incident(title=f"Awal {n}")
    client = _client(kab_admin)
    client.get(reverse("incidents:index"))  # warm the session and the access profile
    # Session, account, second-factor device, permissions, positions, count, page, and the filters'
    # categories, areas, elections with their phases (issue 18: at most 10).
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("incidents:index"))
    for n in range(30):
        make_incident(title=f"Tambahan {n}", area_code="64.08.09.2001" if n % 2 else "64.08.04.1010")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("incidents:index"))
    # A page full for the kabupaten; the camat of 64.08.04 sees the 3 and the 15 in his kecamatan.
    assert len(response.context["rows"]) == (25 if who == "kab_admin" else 18)


def test_quick_verify_with_htmx_returns_the_row(incident, operator):
    response = _client(operator).post(
        reverse("incidents:incident_verify", args=[incident.number]),
        {"version": incident.version, "_row": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.templates[0].name == "incidents/partials/incident_row.html"
    assert b"Terverifikasi" in response.content
    incident.refresh_from_db()
    assert incident.status == Status.TERVERIFIKASI


def test_quick_action_with_a_stale_version_shows_the_message_in_the_row(incident, operator, other_operator):
    stale = incident.version
    incident_verify(incident=incident, expected_version=stale, by_user=operator)
    response = _client(operator).post(
        reverse("incidents:incident_severity", args=[incident.number]),
        {"version": stale, "severity": 5, "_row": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "sudah diubah orang lain" in response.content.decode()
    incident.refresh_from_db()
    assert incident.severity == 3


def test_quick_assign_form_and_post_with_htmx(incident, operator):
    incident_verify(incident=incident, expected_version=None, by_user=operator)
    incident.refresh_from_db()
    client = _client(operator)
    url = reverse("incidents:incident_assign", args=[incident.number])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert b'name="lead_organisation"' in form.content
    org = Organisation.objects.get(pk=operator.person.positions.get().organisation_id)
    response = client.post(
        url,
        {
            "version": incident.version,
            "lead_organisation": org.pk,
            "responsible_person": operator.person.pk,
            "_row": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    incident.refresh_from_db()
    assert (incident.status, incident.lead_organisation) == (Status.DITANGANI, org)


def test_illegal_transition_by_post_is_refused_with_a_message(incident, operator):
    response = _client(operator).post(
        reverse("incidents:incident_close", args=[incident.number]),
        {"version": incident.version},
        follow=True,
    )
    assert "tidak dapat diubah dari “Baru” menjadi “Ditutup”" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.BARU


# --- report form -------------------------------------------------------------------------------


def _report_data(**overrides):
    data = {
        "kind": "insiden",
        "title": "Pengrusakan baliho",
        "chronology": "Baliho paslon dirobek orang tak dikenal.",
        "category": "",
        "severity": "2",
        "occurred_at": "2024-10-10T08:00",
        "known_at": "2024-10-10T09:00",
        "kecamatan": AdminUnit.objects.get(code="64.08.04").pk,
        "desa": AdminUnit.objects.get(code="64.08.04.2001").pk,
        "source": "petugas_lapangan",
        "conflict_stage": "pencegahan",
        "injured": "0",
        "dead": "0",
    }
    from incidents.models import IncidentCategory

    data["category"] = IncidentCategory.objects.get(code="PERUSAKAN_APK").pk
    data.update(overrides)
    return data


def test_a_report_with_a_photo_is_saved_and_confirmed_with_its_number(reporter):
    response = _client(reporter).post(
        reverse("incidents:incident_create"), {**_report_data(), "photo": png_upload()}, follow=True
    )
    incident = Incident.objects.get()
    assert incident.number in response.content.decode()
    assert response.templates[0].name == "incidents/incident_created.html"
    assert incident.evidence.get().content_type == "image/png"
    assert incident.phase.code == "kampanye"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"occurred_at": "2099-01-01T08:00", "known_at": "2099-01-01T09:00"}, "occurred_at", "masa depan"),
        ({"known_at": "2024-10-09T09:00"}, "known_at", "sebelum waktu kejadian"),
        ({"desa": "64.08.09.2001"}, "desa", "tidak berada di kecamatan"),
        ({"tps_number": "77"}, "tps_number", "TPS nomor 77 tidak ada"),
        ({"injured": "-2"}, "injured", "lebih besar dari atau sama dengan 0"),
        ({"lat": "-6.2", "lng": "106.8"}, "lat", "luar wilayah kabupaten yang dilayani"),
        # finding 2 of issue 12: stored as 1 BC, it took the queue down for everyone in the area
        ({"occurred_at": "01/01/0001 07:00"}, "occurred_at", "Tanggal paling awal 01/01/1900."),
        ({"occurred_at": "0001-01-01T07:00"}, "occurred_at", "Tanggal paling awal 01/01/1900."),
        ({"known_at": "9999-12-31T23:59"}, "known_at", "Tanggal paling akhir 31/12/2100."),
    ],
)
def test_bad_report_input_gives_a_field_message_and_saves_nothing(reporter, overrides, field, message):
    if overrides.get("desa") == "64.08.09.2001":
        overrides = {"desa": AdminUnit.objects.get(code="64.08.09.2001").pk}
    response = _client(reporter).post(reverse("incidents:incident_create"), _report_data(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not Incident.objects.exists()


def test_a_chronology_of_1_1_mb_is_refused_with_a_field_message_and_kept_in_the_form(reporter):
    """A chronology of about 1 MB gave a 500 (the tsvector limit) and the report was lost."""
    # 1.1 MB of distinct words (a repeated sentence makes a small tsvector and never failed)
    chronology = " ".join(f"saksi{n:06d}" for n in range(91_700))
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    response = client.post(reverse("incidents:incident_create"), _report_data(chronology=chronology))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["chronology"])
    assert f"Kronologi terlalu panjang ({len(chronology)} karakter); batasnya 100000 karakter." in errors
    assert response.context["form"]["chronology"].value() == chronology  # nothing typed is lost
    assert not Incident.objects.exists()


def test_an_existing_tps_number_is_accepted(reporter):
    tps = PollingStation.objects.create(
        election=Election.objects.first(), desa=AdminUnit.objects.get(code="64.08.04.2001"), number=3
    )
    _client(reporter).post(reverse("incidents:incident_create"), _report_data(tps_number="3"))
    assert Incident.objects.get().polling_station == tps


def test_an_executable_photo_refuses_the_whole_report(reporter):
    response = _client(reporter).post(
        reverse("incidents:incident_create"), {**_report_data(), "photo": exe_named_jpg()}
    )
    assert "bukan foto" in " ".join(response.context["form"].errors["photo"])
    assert not Incident.objects.exists()
    assert not Evidence.objects.exists()


def test_script_tags_are_shown_as_text(reporter, operator):
    _client(reporter).post(
        reverse("incidents:incident_create"), _report_data(title="<script>alert('x')</script> Baliho")
    )
    incident = Incident.objects.get()
    for client, url in (
        (_client(operator), incident.get_absolute_url()),
        (_client(operator), reverse("incidents:index")),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert(" not in body
        assert "&lt;script&gt;alert(" in body


# --- evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("upload", [exe_named_jpg, elf_named_jpg, html_named_pdf])
def test_files_whose_content_is_not_what_the_name_says_are_refused(incident, operator, upload):
    response = _client(operator).post(
        reverse("incidents:evidence_create", args=[incident.number]), {"file": upload()}, follow=True
    )
    assert "berkas ditolak" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_pdf_named_as_a_photo_is_refused(incident, operator):
    response = _client(operator).post(
        reverse("incidents:evidence_create", args=[incident.number]),
        {"file": pdf_upload("foto.jpg")},
        follow=True,
    )
    assert "tidak sesuai dengan namanya" in response.content.decode()


def test_an_oversized_file_is_refused(incident, operator, settings):
    settings.UPLOAD_MAX_BYTES = 50
    response = _client(operator).post(
        reverse("incidents:evidence_create", args=[incident.number]), {"file": png_upload()}, follow=True
    )
    assert "terlalu besar" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_stored_privately_and_served_as_an_attachment(incident, operator, settings):
    _client(operator).post(
        reverse("incidents:evidence_create", args=[incident.number]), {"file": pdf_upload()}
    )
    evidence = Evidence.objects.get()
    assert evidence.kind == "dokumen"
    assert str(settings.MEDIA_ROOT) in evidence.file.path
    assert "static" not in evidence.file.path
    response = _client(operator).get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert incident.events.filter(kind=EventKind.EVIDENCE).exists()


@pytest.mark.parametrize(
    ("upload", "stored_as", "content_type"),
    [
        (lambda: jpeg_upload("foto.hta"), "foto.jpg", "image/jpeg"),
        (lambda: jpeg_upload("\u202egpj.hta"), "gpj.jpg", "image/jpeg"),
        (lambda: png_upload("gambar.svg"), "gambar.png", "image/png"),
        (lambda: pdf_upload("laporan.html"), "laporan.pdf", "application/pdf"),
    ],
)
def test_a_polyglot_is_stored_and_served_under_the_detected_types_extension(
    incident, operator, upload, stored_as, content_type
):
    _client(operator).post(reverse("incidents:evidence_create", args=[incident.number]), {"file": upload()})
    evidence = Evidence.objects.get()
    assert evidence.original_name == stored_as
    assert evidence.file.name.endswith("." + stored_as.rsplit(".", 1)[1])
    response = _client(operator).get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{stored_as}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert stored_as in _client(operator).get(incident.get_absolute_url()).content.decode()


def test_evidence_stored_under_its_typed_name_before_the_fix_is_served_under_a_safe_one(incident, operator):
    evidence = evidence_add(incident=incident, uploaded_file=jpeg_upload(), by_user=operator)
    Evidence.objects.filter(pk=evidence.pk).update(original_name="foto.hta")  # a row from before
    response = _client(operator).get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="foto.jpg"'


# --- confidential informant -----------------------------------------------------------------------


def test_informant_identity_is_shown_to_kabupaten_admin_and_each_view_logged(reporter, kab_admin, operator):
    incident = make_incident(by_user=reporter, informant={"full_name": "Ibu Rahasia"})
    assert "Ibu Rahasia" not in _client(operator).get(incident.get_absolute_url()).content.decode()
    client = _client(kab_admin)
    url = reverse("incidents:informant_detail", args=[incident.number])
    assert "Ibu Rahasia" in client.get(url).content.decode()
    client.get(url)
    assert AccessRecord.objects.filter(kind="informant", user=kab_admin).count() == 2


# --- stale edits -----------------------------------------------------------------------------------


def test_stale_edit_form_is_refused_with_what_changed(incident, operator, other_operator, kab_admin):
    url = reverse("incidents:incident_update", args=[incident.number])
    from incidents.forms import IncidentEditForm

    initial = IncidentEditForm.initial_for(incident)
    data = {
        k: (v.pk if hasattr(v, "pk") else v.strftime("%Y-%m-%dT%H:%M") if hasattr(v, "strftime") else v)
        for k, v in initial.items()
        if v is not None
    }
    _client(kab_admin).post(url, {**data, "injured": 4})
    response = _client(operator).post(url, {**data, "title": "Judul lain"})
    body = response.content.decode()
    assert "sudah diubah orang lain" in body
    assert "korban luka: 0 → 4" in body
    incident.refresh_from_db()
    assert (incident.title, incident.injured) == ("Kericuhan di depan posko", 4)


# --- export --------------------------------------------------------------------------------------------


def test_csv_export_has_the_documented_columns_and_scoped_rows(incident, other_operator, operator):
    make_incident(area_code="64.08.09.2001", title="Di Bengalon")
    response = _client(operator).get(reverse("incidents:incident_export") + "?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    from incidents.exports import export_headers

    assert rows[0] == export_headers()
    assert rows[0][:7] == ["Nomor", "Jenis", "Judul", "Kategori", "Jalur", "Keparahan", "Status"]
    assert [r[0] for r in rows[1:]] == [incident.number]


def test_xlsx_export_reads_in_words_keeps_the_codes_and_has_a_frozen_filtered_header(incident, operator):
    response = _client(operator).get(reverse("incidents:incident_export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Nomor"] == incident.number
    assert row["Kategori"] == "Bentrok antarpendukung / kericuhan massa"
    assert row["Keparahan"] == "3 Sedang"
    assert row["Status"] == "Baru"
    assert row["Sumber"] == "Petugas lapangan"
    assert (row["kode_kategori"], row["kode_keparahan"], row["kode_status"]) == ("BENTROK_MASSA", 3, "baru")
    assert "BENTROK_MASSA" not in [row[h] for h in header if not h.startswith("kode_")]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}2"
    assert sheet.column_dimensions["C"].width == 40  # Judul
    assert len({sheet.column_dimensions[c.column_letter].width for c in sheet[1]}) > 5


# --- the remaining views, each with the four-way access check ---------------------------------


def _advanced(incident, operator, to):
    """Move an incident along the workflow to ``to`` (terverifikasi, ditangani, selesai, ditutup)."""
    from incidents import services

    incident = services.incident_verify(incident=incident, expected_version=None, by_user=operator)
    if to == "terverifikasi":
        return incident
    incident = services.incident_assign(
        incident=incident,
        expected_version=None,
        by_user=operator,
        lead_organisation=Organisation.objects.first(),
        responsible_person=operator.person,
    )
    if to == "ditangani":
        return incident
    incident = services.incident_resolve(incident=incident, expected_version=None, by_user=operator)
    if to == "selesai":
        return incident
    return services.incident_close(incident=incident, expected_version=None, by_user=operator)


@pytest.mark.parametrize(
    ("name", "state", "data", "expected"),
    [
        ("incident_resolve", "ditangani", {}, Status.SELESAI),
        ("incident_close", "selesai", {}, Status.DITUTUP),
        ("incident_reopen", "ditutup", {"reason": "Massa berkumpul lagi"}, Status.DITANGANI),
    ],
)
def test_workflow_step_views_access(
    incident, operator, other_operator, reporter, name, state, data, expected
):
    incident = _advanced(incident, operator, state)
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"incidents:{name}", args=[incident.number]),
            method="post",
            data={"version": incident.version, **data},
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    incident.refresh_from_db()
    assert incident.status == expected


def test_promote_view_access(reporter, operator, other_operator):
    from incidents.choices import IncidentKind

    warning = make_incident(by_user=reporter, kind=IncidentKind.EARLY_WARNING, severity=1)
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_promote", args=[warning.number]),
            method="post",
            data={"version": warning.version},
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    warning.refresh_from_db()
    assert warning.kind == IncidentKind.INCIDENT


def test_evidence_upload_view_access(incident, operator, other_operator, trainer):
    from incidents.tests.files import png_bytes

    url = reverse("incidents:evidence_create", args=[incident.number])
    for user, expected in ((trainer, 403), (other_operator, 404)):
        response = _client(user).post(url, {"file": png_upload()})
        assert response.status_code == expected
    assert Client().post(url, {"file": png_upload()}).status_code == 302
    assert _client(operator).post(url, {"file": png_upload()}).status_code == 302
    assert Evidence.objects.get().size == len(png_bytes())


def test_follow_up_complete_view_access(incident, operator, other_operator, trainer):
    from datetime import date

    from incidents.services import follow_up_add

    action = follow_up_add(
        incident=incident,
        description="Patroli",
        owner=operator.person,
        due_date=date(2024, 10, 12),
        by_user=operator,
    )
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:followup_complete", args=[action.pk]),
            method="post",
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    action.refresh_from_db()
    assert action.done_at is not None


def test_export_progress_and_download_views_access(kab_admin, operator, trainer, tmp_path):
    from django.core.files.base import ContentFile

    from core.choices import JobStatus
    from incidents.models import IncidentExport

    export = IncidentExport.objects.create(created_by=operator, file_format="csv", status=JobStatus.DONE)
    export.file.save("x.csv", ContentFile(b"nomor\n"))
    for name in ("export_detail", "export_download"):
        assert_view_access(
            ViewAccessCase(
                url=reverse(f"incidents:{name}", args=[export.pk]),
                without_permission=trainer,
                in_scope=operator,
                out_of_scope=kab_admin,  # someone else's export, even for the kabupaten admin
            )
        )


def test_incident_page_query_count_does_not_grow_with_its_timeline(
    incident, operator, django_assert_max_num_queries
):
    from incidents.services import note_add

    client = _client(operator)
    client.get(incident.get_absolute_url())
    with django_assert_max_num_queries(30) as few:
        client.get(incident.get_absolute_url())
    for n in range(15):
        note_add(incident=incident, body=f"Catatan {n}", by_user=operator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(incident.get_absolute_url())
    assert len(response.context["incident"].notes.all()) == 15


def test_kabupaten_viewer_reads_everything_but_cannot_triage(viewer, reporter):
    here = make_incident(by_user=reporter)
    there = make_incident(area_code="64.08.09.2001")
    client = _client(viewer)
    rows = client.get(reverse("incidents:index")).context["rows"]
    assert {r.number for r in rows} == {here.number, there.number}
    response = client.post(
        reverse("incidents:incident_verify", args=[here.number]), {"version": here.version}
    )
    assert response.status_code == 403


def test_search_obeys_the_scope(other_operator, reporter):
    make_incident(by_user=reporter, title="Amplop di Sangatta", chronology="amplop")
    mine = make_incident(area_code="64.08.09.2001", title="Amplop di Bengalon", chronology="amplop")
    rows = _client(other_operator).get(reverse("incidents:index") + "?q=amplop").context["rows"]
    assert [r.number for r in rows] == [mine.number]


def test_a_duplicates_evidence_and_reporter_show_on_the_main_report(operator, reporter):
    from incidents.services import incident_reject

    main = make_incident(by_user=reporter, title="Laporan utama")
    copy = make_incident(title="Laporan kedua")
    evidence_add(incident=copy, uploaded_file=png_upload("dari-duplikat.png"), by_user=copy.reporter)
    incident_reject(
        incident=copy, expected_version=None, by_user=operator, reason="duplikat", duplicate_of=main
    )
    body = _client(operator).get(main.get_absolute_url()).content.decode()
    assert "dari-duplikat.png" in body
    assert copy.number in body
    assert str(copy.reporter_person) in body


@pytest.mark.parametrize("who", ["kab_admin", "operator", "other_operator", "viewer", "reporter"])
def test_the_queues_triage_marks_agree_with_the_triage_scope(request, db, who):
    from incidents.selectors import incident_triageable_among, incident_triageable_by

    user = request.getfixturevalue(who)
    incidents = [
        make_incident(area_code=code)
        for code in ("64.08", "64.08.04", "64.08.04.1010", "64.08.09.2001", "64.08.09")
    ]
    by_query = set(
        incident_triageable_by(user).filter(pk__in=[i.pk for i in incidents]).values_list("pk", flat=True)
    )
    assert incident_triageable_among(user, incidents) == by_query
