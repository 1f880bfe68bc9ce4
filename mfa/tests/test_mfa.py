"""Two-factor authentication: who must use it, enrolment, verification, recovery codes, resets."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import AccessKind
from audit.models import AccessRecord
from core.testing import ViewAccessCase, assert_view_access
from mfa.admin_site import OtpRequiredAdminSite
from mfa.policy import mfa_required, mfa_required_roles
from mfa.testing import mfa_device_for, totp_code
from stakeholders.access import ACCESS_PERMISSIONS
from stakeholders.choices import AccessRole, Office
from stakeholders.tests.factories import user_with_office

PASSWORD = "rahasia-123"


@pytest.fixture
def kab_admin(kutim):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin.kesbangpol")


@pytest.fixture
def camat(kutim):
    return user_with_office(Office.CAMAT, "64.08.04", username="camat.sangatta.utara")


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor")


def _password_login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _enrol(client, user) -> list[str]:
    """Go through the enrolment page with the code an authenticator app would show."""
    page = client.get(reverse("mfa:enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("mfa:enrol"), {"token": totp_code(device), "next": "/insiden/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    return list(codes_page.context["codes"])


# --- who must ---------------------------------------------------------------------------------------


def test_roles_that_open_informants_contacts_or_the_delivery_log_must_use_mfa():
    assert mfa_required_roles(ACCESS_PERMISSIONS) == sorted(
        [
            AccessRole.KABUPATEN_ADMIN,
            AccessRole.KABUPATEN_VIEWER,
            AccessRole.KECAMATAN_OPERATOR,
            AccessRole.SECURITY_LIAISON,
        ]
    )


def test_field_reporters_and_trainers_may_choose_but_staff_must(reporter, kutim):
    trainer = user_with_office(Office.FASILITATOR, "64.08")
    staff = get_user_model().objects.create_user("staf", password=PASSWORD, is_staff=True)
    assert (mfa_required(reporter), mfa_required(trainer), mfa_required(staff)) == (False, False, True)


# --- enforcement (the real thing, without the test shortcut) ---------------------------------------


@pytest.mark.mfa_enforced
def test_a_required_user_without_mfa_is_sent_to_enrolment_and_reaches_nothing_else(kab_admin):
    client = _password_login(kab_admin)
    for url in ("/", "/insiden/", "/pemangku/orang/", "/notifikasi/log/", "/audit/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa:enrol")), (url, response["Location"])
    assert client.post(reverse("stakeholders:person_create"), {"full_name": "X"}).status_code == 302


@pytest.mark.mfa_enforced
def test_the_service_worker_script_loads_before_the_second_factor(kab_admin):
    """Every page registers /sw.js; the browser refuses a service worker script behind a redirect."""
    client = _password_login(kab_admin)
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript") or response[
        "Content-Type"
    ].startswith("text/javascript")


@pytest.mark.mfa_enforced
def test_enrolment_with_a_real_totp_code_opens_the_app_and_shows_recovery_codes_once(kab_admin):
    client = _password_login(kab_admin)
    page = client.get(reverse("mfa:enrol"))
    assert page.context["qr"].startswith("data:image/svg+xml")
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    device = TOTPDevice.objects.get(user=kab_admin, confirmed=False)
    wrong = client.post(
        reverse("mfa:enrol"), {"token": "000000" if totp_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    assert "Kode salah" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # guessing is slowed down
    device.throttle_reset()  # as if the user waited a second
    response = client.post(reverse("mfa:enrol"), {"token": totp_code(device), "next": "/insiden/"})
    assert response.status_code == 302
    codes = client.get(response["Location"])
    assert len(codes.context["codes"]) == 10
    assert "no-store" in codes["Cache-Control"]
    assert client.get(response["Location"]).status_code == 302  # shown once
    assert client.get("/insiden/").status_code == 200
    assert TOTPDevice.objects.get(user=kab_admin).confirmed is True


@pytest.mark.mfa_enforced
def test_after_enrolment_every_login_asks_for_a_code_and_a_used_code_is_refused(kab_admin):
    _enrol(_password_login(kab_admin), kab_admin)
    client = _password_login(kab_admin)
    response = client.get("/pemangku/orang/")
    assert response["Location"].startswith(reverse("mfa:verify"))
    device = TOTPDevice.objects.get(user=kab_admin)
    code = totp_code(device)
    assert (
        client.post(reverse("mfa:verify"), {"token": code, "next": "/pemangku/orang/"})["Location"]
        == "/pemangku/orang/"
    )
    assert client.get("/pemangku/orang/").status_code == 200
    # The same code on another session (a replay) does not work.
    thief = _password_login(kab_admin)
    device.refresh_from_db()
    device.throttle_reset()
    replay = thief.post(reverse("mfa:verify"), {"token": code})
    assert replay.status_code == 400
    assert thief.get("/pemangku/orang/").status_code == 302


@pytest.mark.mfa_enforced
def test_recovery_codes_work_once_each(kab_admin):
    codes = _enrol(_password_login(kab_admin), kab_admin)
    client = _password_login(kab_admin)
    response = client.post(reverse("mfa:recovery"), {"code": codes[0].upper(), "next": "/insiden/"})
    assert response["Location"] == "/insiden/"
    assert client.get("/insiden/").status_code == 200
    again = _password_login(kab_admin)
    refused = again.post(reverse("mfa:recovery"), {"code": codes[0]})
    assert refused.status_code == 400
    assert "sudah pernah dipakai" in refused.content.decode()
    StaticDevice.objects.filter(user=kab_admin).update(throttling_failure_count=0)
    assert again.post(reverse("mfa:recovery"), {"code": codes[1]}).status_code == 302
    assert StaticToken.objects.filter(device__user=kab_admin).count() == 8


@pytest.mark.mfa_enforced
def test_new_recovery_codes_replace_the_old_ones(kab_admin):
    client = _password_login(kab_admin)
    old = _enrol(client, kab_admin)
    response = client.post(reverse("mfa:codes"), {"token": totp_code(TOTPDevice.objects.get(user=kab_admin))})
    new = client.get(response["Location"]).context["codes"]
    assert set(old).isdisjoint(new)
    assert set(StaticToken.objects.filter(device__user=kab_admin).values_list("token", flat=True)) == set(new)


@pytest.mark.mfa_enforced
def test_an_optional_user_passes_without_mfa_but_once_enrolled_must_verify(reporter):
    client = _password_login(reporter)
    assert client.get("/insiden/").status_code == 200
    _enrol(client, reporter)
    later = _password_login(reporter)
    assert later.get("/insiden/")["Location"].startswith(reverse("mfa:verify"))
    later.post(reverse("mfa:verify"), {"token": totp_code(TOTPDevice.objects.get(user=reporter))})
    assert (
        later.post(
            reverse("mfa:disable"), {"token": totp_code(TOTPDevice.objects.get(user=reporter))}
        ).status_code
        == 302
    )
    assert not TOTPDevice.objects.filter(user=reporter).exists()


@pytest.mark.mfa_enforced
def test_a_live_session_alone_cannot_take_new_codes_or_switch_mfa_off(reporter):
    """Changing the second factor asks for the current code again: a stolen session is not enough."""
    client = _password_login(reporter)
    old = _enrol(client, reporter)
    for route, data in (
        ("mfa:codes", {}),
        ("mfa:codes", {"token": "000000"}),
        ("mfa:disable", {}),
        ("mfa:disable", {"token": "12"}),
    ):
        response = client.post(reverse(route), data)
        assert response.status_code == 400
        assert 'class="invalid-feedback"' in response.content.decode()  # the field says what is wrong
    assert TOTPDevice.objects.filter(user=reporter, confirmed=True).exists()
    assert set(StaticToken.objects.filter(device__user=reporter).values_list("token", flat=True)) == set(old)


def test_a_required_user_cannot_switch_mfa_off(kab_admin):
    client = Client()
    client.force_login(kab_admin)
    client.post(reverse("mfa:disable"))
    assert TOTPDevice.objects.filter(user=kab_admin, confirmed=True).exists()


@pytest.mark.mfa_enforced
def test_htmx_requests_of_an_unverified_session_are_told_where_to_go(kab_admin):
    client = _password_login(kab_admin)
    response = client.get("/insiden/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("mfa:enrol"))


@pytest.mark.mfa_enforced
def test_next_never_leaves_the_site(kab_admin):
    client = _password_login(kab_admin)
    _enrol(client, kab_admin)
    other = _password_login(kab_admin)
    response = other.post(
        reverse("mfa:verify"),
        {"token": totp_code(TOTPDevice.objects.get(user=kab_admin)), "next": "https://jahat.example/"},
    )
    assert response["Location"] == "/"


def test_force_login_in_tests_passes_the_second_factor_in_one_shared_place(kab_admin):
    client = Client()
    client.force_login(kab_admin)
    assert client.get("/pemangku/orang/").status_code == 200


# --- the admin site --------------------------------------------------------------------------------


@pytest.mark.mfa_enforced
def test_the_admin_refuses_an_unverified_superuser(db):
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = _password_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa:enrol"))
    request = RequestFactory().get("/admin/")
    request.user = superuser
    superuser.is_verified = lambda: False
    assert OtpRequiredAdminSite().has_permission(request) is False


def test_the_admin_opens_for_a_verified_superuser(db):
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_page_sends_to_the_apps_login(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


# --- resets ------------------------------------------------------------------------------------------


def test_reset_pages_access(kab_admin, camat):
    mfa_device_for(camat)
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    mfa_device_for(superuser)
    assert_view_access(
        ViewAccessCase(url=reverse("mfa:reset_list"), without_permission=camat, in_scope=kab_admin)
    )
    # Only accounts that are neither staff nor the administrator's own are in scope.
    for target in (superuser, kab_admin):
        client = Client()
        client.force_login(kab_admin)
        response = client.post(reverse("mfa:reset", args=[target.pk]), {"reason": "uji"})
        assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=superuser).exists()
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    assert_view_access(
        ViewAccessCase(
            url=reverse("mfa:reset", args=[camat.pk]),
            method="post",
            data={"reason": "ponsel hilang"},
            without_permission=reporter,
            in_scope=kab_admin,
            out_of_scope=None,
            ok_status=(302,),
        )
    )


def test_an_administrator_resets_a_lost_phone_and_the_reset_is_audited(kab_admin, camat):
    mfa_device_for(camat)
    client = Client()
    client.force_login(kab_admin)
    listing = client.get(reverse("mfa:reset_list"), {"username": "camat"})
    assert "camat.sangatta.utara" in listing.content.decode()
    response = client.post(
        reverse("mfa:reset", args=[camat.pk]), {"reason": "ponsel hilang"}, REMOTE_ADDR="192.0.2.8"
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=camat).exists()
    record = AccessRecord.objects.get(kind=AccessKind.MFA_RESET)
    assert (record.user, record.object_repr, record.purpose, record.person_id, record.ip_address) == (
        kab_admin,
        "camat.sangatta.utara",
        "ponsel hilang",
        camat.person.pk,
        "192.0.2.8",
    )


def test_a_reset_without_a_reason_changes_nothing(kab_admin, camat):
    mfa_device_for(camat)
    client = Client()
    client.force_login(kab_admin)
    client.post(reverse("mfa:reset", args=[camat.pk]), {"reason": ""})
    assert TOTPDevice.objects.filter(user=camat).exists()
    assert not AccessRecord.objects.exists()


def test_the_mfa_reset_command_removes_devices_and_leaves_a_trace(camat):
    mfa_device_for(camat)
    call_command("mfa_reset", "camat.sangatta.utara", "--reason", "ponsel hilang")
    assert not TOTPDevice.objects.filter(user=camat).exists()
    record = AccessRecord.objects.get(kind=AccessKind.MFA_RESET)
    assert record.user is None
    assert record.detail["via"] == "manage.py"


@pytest.mark.mfa_enforced
def test_a_reset_session_must_enrol_again(camat):
    client = _password_login(camat)
    _enrol(client, camat)
    assert client.get("/insiden/").status_code == 200
    call_command("mfa_reset", "camat.sangatta.utara")
    response = client.get("/insiden/")
    assert response["Location"].startswith(reverse("mfa:enrol"))


# --- every page of one's own second factor -----------------------------------------------------------


@pytest.mark.parametrize("name", ["overview", "enrol", "verify", "recovery", "codes"])
def test_own_mfa_pages_ask_anonymous_users_to_log_in(db, name):
    response = Client().get(reverse(f"mfa:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_own_mfa_pages_answer_a_logged_in_user(reporter):
    client = Client()
    client.force_login(reporter)
    assert client.get(reverse("mfa:overview")).status_code == 200
    assert client.get(reverse("mfa:enrol")).status_code == 200
    assert client.get(reverse("mfa:verify"))["Location"].startswith(reverse("mfa:enrol"))
    assert client.get(reverse("mfa:recovery")).status_code == 200
    assert client.get(reverse("mfa:codes"))["Location"] == reverse("mfa:overview")
    assert Client().post(reverse("mfa:disable")).status_code == 302
