"""The public web form: off by default, a proof of work, a rate limit per address in Redis, unverified
intake only, CSRF on, never a 500."""

import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from collect.public import challenge_make
from incidents.models import Incident
from incidents.tests.files import exe_named_jpg, png_upload
from intake.choices import IntakeChannel, IntakeStatus
from intake.models import UnverifiedIntake
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/lapor-publik/"


@pytest.fixture
def public_form(settings):
    settings.PUBLIC_REPORT_FORM_ENABLED = True
    settings.PUBLIC_REPORT_POW_BITS = 8
    settings.PUBLIC_REPORT_RATE_LIMIT = 3
    cache.clear()
    yield settings
    cache.clear()


def _solve(challenge: str, bits: int = 8) -> str:
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(counter)
        counter += 1


def _data(**overrides):
    challenge = challenge_make()
    data = {
        "text": "Ada pembagian uang di rumah ketua RT menjelang pencoblosan.",
        "kecamatan": AdminUnit.objects.get(code="64.08.04").pk,
        "desa": AdminUnit.objects.get(code="64.08.04.2001").pk,
        "occurred_at": "2024-11-26T20:00",
        "name": "",
        "contact": "+6281234500011",
        "pow_challenge": challenge,
        "pow_answer": _solve(challenge),
    }
    data.update(overrides)
    return data


def test_the_form_is_off_unless_the_installation_switches_it_on(kutim, client):
    assert client.get(URL).status_code == 404
    assert client.post(URL, {}).status_code == 404
    assert client.get(reverse("collect:public_report_thanks")).status_code == 404


def test_a_citizens_report_with_a_photo_becomes_unverified_intake_once(kutim, public_form):
    client = Client()
    page = client.get(URL)
    assert page.status_code == 200
    assert "data-pow-form" in page.content.decode()
    data = _data()
    response = client.post(URL, {**data, "photo": png_upload()})
    assert response.status_code == 302
    assert response["Location"] == reverse("collect:public_report_thanks")
    assert client.get(response["Location"]).status_code == 200
    intake = UnverifiedIntake.objects.get()
    assert intake.channel == IntakeChannel.WEB
    assert intake.status == IntakeStatus.PENDING
    assert intake.area.code == "64.08.04.2001"
    assert intake.contact == "+6281234500011"
    assert intake.attachments.count() == 1
    # The same form sent again (a double tap, the back button) adds nothing.
    assert client.post(URL, data).status_code == 302
    assert UnverifiedIntake.objects.count() == 1
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pow_answer": ""}, "anti-spam"),
        ({"pow_answer": "12345678901234567890"}, "anti-spam"),
        ({"pow_challenge": "dipalsukan", "pow_answer": "1"}, "anti-spam"),
        ({"pow_challenge": ""}, "anti-spam"),
        ({"text": ""}, "text"),
        ({"desa": "999999999"}, "desa"),
        ({"occurred_at": "3024-01-01T10:00"}, "occurred_at"),
        ({"desa": "__bengalon__"}, "desa"),
    ],
)
def test_a_bad_sending_gets_a_message_and_saves_nothing(kutim, public_form, overrides, message):
    if overrides.get("desa") == "__bengalon__":
        overrides["desa"] = AdminUnit.objects.filter(code__startswith="64.08.09.", level="desa").first().pk
    response = Client().post(URL, _data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    if message == "anti-spam":
        assert "anti-spam belum selesai" in response.content.decode()
    else:
        assert form.errors[message], form.errors
    assert not UnverifiedIntake.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_on_its_field(kutim, public_form):
    response = Client().post(URL, {**_data(), "photo": exe_named_jpg()})
    assert response.status_code == 400
    assert "bukan foto" in response.content.decode()
    assert not UnverifiedIntake.objects.exists()


def test_an_address_past_the_limit_is_turned_away_and_others_are_not(kutim, public_form):
    first = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert first.post(URL, _data()).status_code == 302
    refused = first.post(URL, _data())
    assert refused.status_code == 429
    assert "Terlalu banyak laporan" in refused.content.decode()
    assert UnverifiedIntake.objects.count() == 3
    assert Client(REMOTE_ADDR="203.0.113.8").post(URL, _data()).status_code == 302


def test_the_form_needs_its_csrf_token(kutim, public_form):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, _data()).status_code == 403
    assert not UnverifiedIntake.objects.exists()
