"""Accounts the office can run (issue 12): created, disabled and reset in the app, recovered by email or
a one-time code."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from notifications.models import InboxItem
from stakeholders.accounts import (
    CODE_MAX_ATTEMPTS,
    account_code_redeem,
    account_create,
    account_disable,
    account_password_reset,
)
from stakeholders.choices import AccountEventKind, ContactKind, Office
from stakeholders.models import AccountCode, AccountEvent
from stakeholders.services import contact_point_add, person_create
from stakeholders.tests.factories import user_with_office

NEW_PASSWORD = "Mitigasi-Aman-2024!"


def _account_url(person):
    return reverse("stakeholders:person_account", args=[person.pk])


def _logs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def newcomer(world):
    """A person of the registry without an account, with an email address in the registry."""
    person = world.warga_su
    contact_point_add(person=person, kind=ContactKind.EMAIL, value="Budi.Santoso@contoh.id", verified=True)
    return person


# --- the account page ----------------------------------------------------------------------


def test_the_account_page_is_for_kabupaten_administrators_and_not_for_their_own_account(world):
    second = user_with_office(Office.KABID_WASPADNAS, "64.08", username="kabid")
    assert_view_access(
        ViewAccessCase(
            url=_account_url(second.person),
            without_permission=world.camat_su,
            in_scope=world.kesbangpol,
            out_of_scope=second,
        )
    )


def test_an_administrator_creates_an_account_and_the_code_is_shown_once(client, world, newcomer):
    client.force_login(world.kesbangpol)
    response = client.post(_account_url(newcomer), {"action": "create", "username": "budi.santoso"})
    assert response.status_code == 200
    code = response.context["issued_code"]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    newcomer.refresh_from_db()
    user = newcomer.user
    assert (user.username, user.email, user.has_usable_password()) == (
        "budi.santoso",
        "budi.santoso@contoh.id",
        False,
    )
    assert code not in client.get(_account_url(newcomer)).content.decode()
    assert code.replace("-", "") not in AccountCode.objects.get(user=user).code_hash
    history = client.get(reverse("stakeholders:person_detail", args=[newcomer.pk])).context["history"]
    assert any("Akun dibuat" in entry.subject and entry.who == world.kesbangpol for entry in history)


def test_a_taken_username_is_a_field_message_and_nothing_is_written(client, world, newcomer):
    client.force_login(world.kesbangpol)
    response = client.post(_account_url(newcomer), {"action": "create", "username": "camat_su"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    newcomer.refresh_from_db()
    assert newcomer.user is None
    assert not AccountEvent.objects.exists()


def test_only_a_kabupaten_administrator_runs_accounts(world, newcomer):
    with pytest.raises(ValidationError, match="administrator kabupaten"):
        account_create(person=newcomer, username="budi", by_user=world.camat_su)


def test_the_code_sets_a_password_once(world, newcomer):
    _user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    account_code_redeem(username="budi.santoso", code=code.lower(), new_password=NEW_PASSWORD)
    assert _logs_in("budi.santoso", NEW_PASSWORD)
    with pytest.raises(ValidationError, match="tidak berlaku"):
        account_code_redeem(username="budi.santoso", code=code, new_password="Lain-Lagi-2024!")
    kinds = list(AccountEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [AccountEventKind.CREATED, AccountEventKind.CODE_USED]


def test_an_expired_code_is_refused(world, newcomer):
    _user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    AccountCode.objects.update(created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now())
    with pytest.raises(ValidationError, match="tidak berlaku"):
        account_code_redeem(username="budi.santoso", code=code, new_password=NEW_PASSWORD)


def test_wrong_codes_count_and_void_the_code(world, newcomer):
    _user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    for _ in range(CODE_MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            account_code_redeem(username="budi.santoso", code="AAAA-AAAA-AAAA", new_password=NEW_PASSWORD)
    assert AccountCode.objects.get().voided_at is not None
    with pytest.raises(ValidationError):
        account_code_redeem(username="budi.santoso", code=code, new_password=NEW_PASSWORD)


def test_a_weak_new_password_is_a_field_message_and_keeps_the_code(client, world, newcomer):
    _user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    url = reverse("account_code_redeem")
    data = {
        "username": "budi.santoso",
        "code": code,
        "new_password1": "12345678",
        "new_password2": "12345678",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    data.update(new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    assert client.post(url, data).status_code == 302
    assert _logs_in("budi.santoso", NEW_PASSWORD)


def test_the_code_page_is_public_and_in_bahasa_indonesia(client, world):
    response = client.get(reverse("account_code_redeem"))
    assert response.status_code == 200
    assert "Pakai kode sekali pakai" in response.content.decode()
    login = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login
    assert reverse("account_code_redeem") in login


def test_disabling_an_account_ends_its_open_session_and_its_login(world, newcomer):
    user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    account_code_redeem(username="budi.santoso", code=code, new_password=NEW_PASSWORD)
    user.refresh_from_db()
    session = Client()
    session.force_login(user)
    assert session.get(reverse("password_change")).status_code == 200
    account_disable(person=newcomer, by_user=world.kesbangpol)
    assert session.get(reverse("password_change")).status_code == 302
    assert not _logs_in("budi.santoso", NEW_PASSWORD)


def test_disable_and_enable_through_the_page(client, world, newcomer):
    account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    client.force_login(world.kesbangpol)
    assert client.post(_account_url(newcomer), {"action": "disable"}).status_code == 302
    assert not get_user_model().objects.get(username="budi.santoso").is_active
    assert client.post(_account_url(newcomer), {"action": "enable"}).status_code == 302
    assert get_user_model().objects.get(username="budi.santoso").is_active


def test_a_password_reset_stops_the_old_password_and_tells_the_person(client, world, newcomer):
    user, code = account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    account_code_redeem(username="budi.santoso", code=code, new_password=NEW_PASSWORD)
    user.refresh_from_db()
    session = Client()
    session.force_login(user)
    assert session.get(reverse("password_change")).status_code == 200
    client.force_login(world.kesbangpol)
    response = client.post(_account_url(newcomer), {"action": "reset"})
    new_code = response.context["issued_code"]
    assert new_code
    assert new_code != code
    assert not _logs_in("budi.santoso", NEW_PASSWORD)
    assert session.get(reverse("password_change")).status_code == 302
    assert InboxItem.objects.filter(person=newcomer, message__text__contains="direset").exists()


def test_resetting_a_privileged_account_tells_the_other_administrators(world):
    second = user_with_office(Office.KABID_WASPADNAS, "64.08", username="kabid")
    third = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="operator2")
    account_password_reset(person=second.person, by_user=world.kesbangpol)
    told = set(InboxItem.objects.values_list("person_id", flat=True))
    assert told == {second.person.pk, third.person.pk}


def test_a_person_without_an_account_has_nothing_to_reset(world):
    person = person_create(full_name="Tanpa Akun Fiktif")
    with pytest.raises(ValidationError, match="belum punya akun"):
        account_password_reset(person=person, by_user=world.kesbangpol)


# --- a forgotten password, by email to the registry's address --------------------------------


def test_a_reset_link_goes_to_the_registry_email_and_sets_a_new_password(
    client, world, newcomer, smtp_server, settings
):
    settings.SITE_URL = "https://pilkada.contoh.id"
    account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    response = client.post(reverse("password_reset"), {"email": "BUDI.santoso@contoh.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["budi.santoso@contoh.id"]
    body = envelope.content.decode()
    assert "Kata sandi baru untuk Pilkada Mitigasi" in body
    link = re.search(r"https://pilkada\.contoh\.id(/akun/reset/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert _logs_in("budi.santoso", NEW_PASSWORD)
    assert AccountEvent.objects.filter(kind=AccountEventKind.EMAIL_RESET).exists()
    assert client.get(link, follow=True).context["validlink"] is False


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, world, smtp_server):
    response = client.post(reverse("password_reset"), {"email": "tidak.ada@contoh.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert smtp_server.envelopes == []
    assert "Periksa email Anda" in client.get(reverse("password_reset_done")).content.decode()


def test_a_disabled_account_gets_no_reset_mail(client, world, newcomer, smtp_server):
    account_create(person=newcomer, username="budi.santoso", by_user=world.kesbangpol)
    account_disable(person=newcomer, by_user=world.kesbangpol)
    client.post(reverse("password_reset"), {"email": "budi.santoso@contoh.id"})
    assert smtp_server.envelopes == []
