"""The incident page as people read it: buttons named for what they do, a warning before resolving with
open follow-ups, a closed report read-only, a timeline in words and WITA dates, photo thumbnails."""

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.testing import ViewAccessCase, assert_view_access
from incidents import services
from incidents.choices import Status
from incidents.models import FollowUpAction
from incidents.services import evidence_add
from notifications.choices import Urgency
from stakeholders.tests.factories import OrganisationFactory, PersonFactory

from .factories import make_incident, wita
from .files import jpeg_upload, pdf_upload, png_bytes, png_upload


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _page(user, incident) -> str:
    response = _client(user).get(incident.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def handled(reporter, kab_admin):
    """A report being handled (ditangani) with one follow-up still open."""
    incident = make_incident(by_user=reporter)
    incident = services.incident_verify(incident=incident, expected_version=None, by_user=kab_admin)
    owner = PersonFactory(full_name="Pelaksana Patroli")
    incident = services.incident_assign(
        incident=incident,
        expected_version=None,
        by_user=kab_admin,
        lead_organisation=OrganisationFactory(),
        responsible_person=owner,
    )
    services.follow_up_add(
        incident=incident,
        description="Patroli gabungan",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=2),
        by_user=kab_admin,
    )
    incident.refresh_from_db()
    return incident


def test_each_button_says_what_it_does_and_resolving_warns_of_open_follow_ups(handled, kab_admin):
    html = _page(kab_admin, handled)
    assert "Tandai selesai" not in html
    assert html.count("Nyatakan penanganan selesai") == 1
    assert html.count("Tindak lanjut ini selesai") == 1
    assert 'data-testid="resolve-warning"' in html
    assert "Tetap selesaikan walau ada tindak lanjut terbuka (1)" in html


def test_resolving_with_an_open_follow_up_needs_the_box_ticked(handled, kab_admin):
    url = reverse("incidents:incident_resolve", args=[handled.number])
    client = _client(kab_admin)
    response = client.post(url, {"version": handled.version}, follow=True)
    handled.refresh_from_db()
    assert handled.status == Status.DITANGANI
    assert "Masih ada 1 tindak lanjut terbuka" in response.content.decode()
    client.post(url, {"version": handled.version, "confirm_open_follow_ups": "1"})
    handled.refresh_from_db()
    assert handled.status == Status.SELESAI


def test_resolving_without_open_follow_ups_needs_no_box(handled, kab_admin):
    action = handled.follow_ups.get()
    services.follow_up_complete(action=action, by_user=kab_admin)
    handled.refresh_from_db()
    assert 'data-testid="resolve-warning"' not in _page(kab_admin, handled)
    _client(kab_admin).post(
        reverse("incidents:incident_resolve", args=[handled.number]), {"version": handled.version}
    )
    handled.refresh_from_db()
    assert handled.status == Status.SELESAI


def _close(incident, by_user):
    incident = services.incident_resolve(incident=incident, expected_version=None, by_user=by_user)
    return services.incident_close(incident=incident, expected_version=None, by_user=by_user)


def test_a_closed_report_is_read_only_until_reopened(handled, kab_admin):
    incident = _close(handled, kab_admin)
    html = _page(kab_admin, incident)
    assert 'data-testid="read-only"' in html
    for form in (
        "followup-form",
        "followup-complete",
        'name="body"',
        'enctype="multipart/form-data"',
        "Catat rujukan",
    ):
        assert form not in html, form
    assert 'data-testid="reopen"' in html
    owner = PersonFactory()
    with pytest.raises(ValidationError):
        services.follow_up_add(
            incident=incident, description="x", owner=owner, due_date=timezone.localdate(), by_user=kab_admin
        )
    with pytest.raises(ValidationError):
        services.note_add(incident=incident, body="catatan", by_user=kab_admin)
    with pytest.raises(ValidationError):
        services.evidence_add(incident=incident, uploaded_file=png_upload(), by_user=kab_admin)
    with pytest.raises(ValidationError):
        services.follow_up_complete(action=incident.follow_ups.get(), by_user=kab_admin)
    # Through the page: refused with the reason, nothing written, never a 500.
    response = _client(kab_admin).post(
        reverse("incidents:followup_create", args=[incident.number]),
        {"description": "Baru", "owner": owner.pk, "due_date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "sudah ditutup" in response.content.decode()
    assert FollowUpAction.objects.filter(incident=incident).count() == 1
    incident = services.incident_reopen(
        incident=incident, expected_version=None, by_user=kab_admin, reason="Ada info baru"
    )
    services.note_add(incident=incident, body="Bisa lagi", by_user=kab_admin)
    assert 'data-testid="read-only"' not in _page(kab_admin, incident)


def test_the_timeline_reads_in_words_and_wita_dates(handled, kab_admin, reporter):
    services.referral_add(
        incident=handled,
        target="bawaslu",
        referred_at=wita(2024, 10, 14, 9),
        register_number="001/Reg",
        by_user=kab_admin,
    )
    evidence_add(incident=handled, uploaded_file=pdf_upload(), by_user=reporter)
    html = _page(kab_admin, handled)
    timeline = re.sub(r"<[^>]+>", " ", html[html.index('data-testid="timeline"') :])
    for raw in (
        "referred_at",
        "target:",
        "register_number",
        "name:",
        "size:",
        "due_date",
        "T09:00",
        "+08:00",
    ):
        assert raw not in timeline, raw
    text = " ".join(timeline.split())
    assert "Dirujuk ke: Bawaslu" in text
    assert "Waktu rujukan: 14 Oktober 2024 09.00 WITA" in text
    assert "Nomor register: 001/Reg" in text
    assert "Nama berkas: surat.pdf" in text
    assert "Jenis bukti: Dokumen" in text
    assert "Pelaksana: Pelaksana Patroli" in text
    assert "Tenggat:" in text
    assert " WITA" in text.split("Rujukan")[0]  # the time of each entry


def test_no_two_elements_of_the_page_share_an_id(handled, kab_admin):
    html = _page(kab_admin, handled)
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    # The follow-up's "Tindakan" label points at the follow-up's own field.
    assert re.search(r'<label[^>]*for="followup_description"', html)


def test_a_photo_shows_as_a_thumbnail_served_through_the_authorised_view(handled, kab_admin, reporter):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    photo = evidence_add(
        incident=handled, uploaded_file=SimpleUploadedFile("foto.jpg", buffer.getvalue()), by_user=reporter
    )
    document = evidence_add(incident=handled, uploaded_file=pdf_upload(), by_user=reporter)
    html = _page(kab_admin, handled)
    thumbnail = reverse("incidents:evidence_thumbnail", args=[photo.pk])
    assert f'src="{thumbnail}"' in html
    assert reverse("incidents:evidence_thumbnail", args=[document.pk]) not in html
    response = _client(kab_admin).get(thumbnail)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(response.content)).format == "JPEG"
    assert (
        _client(kab_admin).get(reverse("incidents:evidence_thumbnail", args=[document.pk])).status_code == 404
    )
    # A file that only starts like a JPEG (a polyglot) is no picture: no thumbnail, never its bytes.
    polyglot = evidence_add(incident=handled, uploaded_file=jpeg_upload(), by_user=reporter)
    assert (
        _client(kab_admin).get(reverse("incidents:evidence_thumbnail", args=[polyglot.pk])).status_code == 404
    )


def test_a_large_photo_is_scaled_down(handled, kab_admin, reporter):
    big = SimpleUploadedFile("besar.png", png_bytes(1200, 800), content_type="image/png")
    photo = evidence_add(incident=handled, uploaded_file=big, by_user=reporter)
    response = _client(kab_admin).get(reverse("incidents:evidence_thumbnail", args=[photo.pk]))
    assert Image.open(io.BytesIO(response.content)).size == (320, 213)


def test_the_thumbnail_access(handled, operator, other_operator, trainer, reporter):
    photo = evidence_add(incident=handled, uploaded_file=png_upload(), by_user=reporter)
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:evidence_thumbnail", args=[photo.pk]),
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_alert_urgency_does_not_borrow_the_names_of_severity_levels():
    # A severity 4 (Tinggi) alert goes out at the highest urgency: it must not read "Kritis" (level 5).
    assert {str(label) for _value, label in Urgency.choices}.isdisjoint(
        {"Tinggi", "Kritis", "Kritis/darurat"}
    )
