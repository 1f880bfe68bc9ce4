"""The form integrations' pages: a kabupaten administrator makes a Kobo/ODK integration in the app
(no Django admin), sees its secret once with where to paste it, renews it and switches it off; the
secret is checked against the real webhook each time. Nobody else sees the pages."""

import base64
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from collect.models import FormIntegration
from collect.services import formintegration_create
from collect.tests.test_kobo import _kobo_submission
from core.tabular import read_table
from intake.models import UnverifiedIntake
from mfa.testing import force_login_verified
from regions.models import AdminUnit
from stakeholders.choices import Office, OrgType
from stakeholders.services import organisation_create
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db

WEBHOOK = "/integrasi/kobo-odk/"


def _login(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def _webhook(token: str, instance: str):
    payload = _kobo_submission(instance, photo_url="", photo="")
    payload["_attachments"] = []
    auth = "Basic " + base64.b64encode(f"kobo:{token}".encode()).decode()
    return Client().post(
        WEBHOOK, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def _secret(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="formintegration-secret">') + len('data-testid="formintegration-secret">')
    return html[start : html.index("</pre>", start)].strip()


def test_an_administrator_makes_an_integration_and_its_secret_is_shown_once(kab_admin, categories):
    client = _login(kab_admin)
    form = client.get(reverse("collect:integration_create"))
    assert form.status_code == 200
    assert 'value="64.08" selected' in form.content.decode()  # their kabupaten, chosen already

    answer = client.post(
        reverse("collect:integration_create"),
        {"name": "KoboCollect Babinsa Bengalon", "kind": "kobo", "area": "64.08"},
    )
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    token = _secret(answer)
    integration = FormIntegration.objects.get()
    assert integration.area.code == "64.08"
    assert integration.created_by == kab_admin
    assert integration.token_hash != token
    assert token not in integration.token_hash
    assert f"{settings.SITE_URL}/integrasi/kobo-odk/" in answer.content.decode()  # not the Host header

    # The secret works: a submission of an integration tied to nobody waits as unverified intake.
    sent = _webhook(token, "uuid:3f0a9c52-1d7e-4b8a-9e1f-000000000001")
    assert sent.status_code == 201, sent.content
    assert UnverifiedIntake.objects.count() == 1

    # Never shown again: the list and the page show its first characters only.
    listing = client.get(reverse("collect:integration_list")).content.decode()
    page = client.get(reverse("collect:integration_detail", args=[integration.pk])).content.decode()
    for html in (listing, page):
        assert "KoboCollect Babinsa Bengalon" in html
        assert token not in html
        assert f"{token[:6]}…" in html
    assert "laporan belum terverifikasi" in page


def test_a_renewed_secret_replaces_the_old_one_at_once(kab_admin, categories):
    integration, old = formintegration_create(name="Kobo Kesbangpol", kind="kobo", by_user=kab_admin)
    client = _login(kab_admin)
    answer = client.post(reverse("collect:integration_renew", args=[integration.pk]))
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    new = _secret(answer)
    assert new != old
    assert _webhook(old, "uuid:3f0a9c52-1d7e-4b8a-9e1f-000000000002").status_code == 401
    assert _webhook(new, "uuid:3f0a9c52-1d7e-4b8a-9e1f-000000000003").status_code == 201


def test_a_switched_off_integration_is_refused_and_shown_in_red(kab_admin, categories):
    integration, token = formintegration_create(name="Kobo Kesbangpol", kind="kobo", by_user=kab_admin)
    client = _login(kab_admin)
    answer = client.post(reverse("collect:integration_deactivate", args=[integration.pk]), follow=True)
    assert "Integrasi Kobo Kesbangpol dinonaktifkan." in answer.content.decode()
    assert 'data-testid="formintegration-inactive"' in answer.content.decode()
    assert _webhook(token, "uuid:3f0a9c52-1d7e-4b8a-9e1f-000000000004").status_code == 401
    # No new secret for a switched-off integration: nothing shown, nothing changed.
    again = client.post(reverse("collect:integration_renew", args=[integration.pk]), follow=True)
    assert "sudah dinonaktifkan" in again.content.decode()
    assert FormIntegration.objects.get().token_hash == integration.token_hash


def test_bad_input_gets_field_messages_in_bahasa_indonesia_and_writes_nothing(kab_admin, categories):
    formintegration_create(name="Kobo Kesbangpol", kind="kobo", by_user=kab_admin)
    client = _login(kab_admin)
    answer = client.post(
        reverse("collect:integration_create"),
        {
            "name": "Kobo Kesbangpol",
            "kind": "whatsapp",
            "area": "64.08",
            "download_base_url": "ftp://server.invalid/",
        },
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert "whatsapp bukan salah satu dari pilihan yang tersedia" in errors["kind"][0]
    assert errors["download_base_url"] == ["Masukkan URL dengan format yang benar."]
    answer = client.post(
        reverse("collect:integration_create"), {"name": "Kobo Kesbangpol", "kind": "kobo", "area": "64.08"}
    )
    assert answer.context["form"].errors["name"] == ["Integrasi formulir dengan Nama telah ada."]
    assert FormIntegration.objects.count() == 1


def test_only_kabupaten_administrators_reach_the_pages(kab_admin, operator, viewer, categories):
    integration, _token = formintegration_create(name="Kobo Kesbangpol", kind="kobo", by_user=kab_admin)
    for user in (operator, viewer):
        client = _login(user)
        assert client.get(reverse("collect:integration_list")).status_code == 403
        assert client.get(reverse("collect:integration_detail", args=[integration.pk])).status_code == 403
        assert client.post(reverse("collect:integration_renew", args=[integration.pk])).status_code == 403
        assert 'data-testid="form-integrations-menu"' not in client.get("/").content.decode()
    assert 'data-testid="form-integrations-menu"' in _login(kab_admin).get("/").content.decode()


def test_each_kabupaten_manages_its_own_integrations(kab_admin, bontang, categories, settings):
    bontang_admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.74", username="kesbangpol.bontang")
    kutim_integration, _token = formintegration_create(name="Kobo Kutim", kind="kobo", by_user=kab_admin)
    bontang_org = organisation_create(
        name="Polsek Bontang Selatan (uji)",
        org_type=OrgType.POLRI,
        area=AdminUnit.objects.get(code="64.74.01"),
    )
    client = _login(bontang_admin)
    assert "Kobo Kutim" not in client.get(reverse("collect:integration_list")).content.decode()
    assert client.get(reverse("collect:integration_detail", args=[kutim_integration.pk])).status_code == 404
    assert client.post(reverse("collect:integration_renew", args=[kutim_integration.pk])).status_code == 404
    assert (
        client.post(reverse("collect:integration_deactivate", args=[kutim_integration.pk])).status_code == 404
    )
    form = client.get(reverse("collect:integration_create")).context["form"]
    assert [unit.code for unit in form.fields["area"].queryset] == ["64.74"]

    # Kutai Timur's administrator can neither place one in Bontang nor tie it to Bontang's police.
    answer = _login(kab_admin).post(
        reverse("collect:integration_create"),
        {"name": "Kobo Salah", "kind": "kobo", "area": "64.74", "organisation": bontang_org.pk},
    )
    errors = answer.context["form"].errors
    assert "bukan salah satu dari pilihan yang tersedia" in errors["area"][0]
    assert "cari dan pilih lagi" in errors["organisation"][0]
    assert not FormIntegration.objects.filter(name="Kobo Salah").exists()

    made = client.post(
        reverse("collect:integration_create"),
        {"name": "Kobo Bontang", "kind": "odk", "area": "64.74", "organisation": bontang_org.pk},
    )
    assert made.status_code == 200
    integration = FormIntegration.objects.get(name="Kobo Bontang")
    assert integration.area.code == "64.74"
    assert integration.organisation == bontang_org
    page = client.get(reverse("collect:integration_detail", args=[integration.pk])).content.decode()
    assert "laporan biasa dari Polsek Bontang Selatan (uji)" in page
    assert "X-API-Key" in page  # ODK Central's set-up


def test_the_xlsform_download_offers_the_integrations_kabupaten_only(kab_admin, bontang, categories):
    integration, _token = formintegration_create(name="Kobo Kutim", kind="kobo", by_user=kab_admin)
    answer = _login(kab_admin).get(reverse("collect:integration_xlsform", args=[integration.pk]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="laporan-lapangan-6408.xlsx"'
    choices = read_table(answer.content, sheet="choices", max_rows=20_000)
    places = {row.values[1] for row in choices.rows if row.values[0] in ("kecamatan", "desa")}
    kutim_places = set(
        AdminUnit.objects.filter(level__in=["kecamatan", "desa"], code__startswith="64.08.").values_list(
            "code", flat=True
        )
    )
    assert places == kutim_places  # Bontang's kecamatan and desa are loaded too, and not offered
    assert AdminUnit.objects.filter(code__startswith="64.74.").exists()


def test_the_page_keeps_who_made_renewed_and_switched_it_off_without_its_credentials(kab_admin, categories):
    client = _login(kab_admin)
    client.post(
        reverse("collect:integration_create"),
        {
            "name": "Kobo Kesbangpol",
            "kind": "kobo",
            "area": "64.08",
            "download_base_url": "https://kf.kobotoolbox.org/",
            "download_authorization": "Token kunci-api-kobo-rahasia",
        },
    )
    integration = FormIntegration.objects.get()
    client.post(reverse("collect:integration_renew", args=[integration.pk]))
    client.post(reverse("collect:integration_deactivate", args=[integration.pk]))

    page = client.get(reverse("collect:integration_detail", args=[integration.pk]))
    changes = [(change.what, change.by) for change in page.context["changes"]]
    assert changes == [
        ("Dinonaktifkan", "Sri Admin"),
        ("Rahasia baru dibuat", "Sri Admin"),
        ("Dibuat", "Sri Admin"),
    ]
    kept = {field.name for field in FormIntegration.history.model._meta.fields}
    assert not kept & {"token_hash", "download_authorization"}
    assert "kunci-api-kobo-rahasia" not in page.content.decode()
