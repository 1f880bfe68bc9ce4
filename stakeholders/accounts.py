"""User accounts of the people in the registry (issue 12, "Accounts the office can run").

A kabupaten administrator creates, disables and re-enables a person's account and resets its
password in the app; a reset gives a one-time code, shown once, that the user turns into a new
password on the recovery page. Users also reset a forgotten password by a link sent to the email
address the registry holds for them. Every change is an ``AccountEvent`` in the person's history.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import PRIVILEGED_OFFICES
from .choices import AccountEventKind, ContactKind
from .hooks import notice_send
from .models import AccountCode, AccountEvent, ContactPoint, Person
from .selectors import HistoryEntry, grant_scope, position_current_q
from .services import admin_notice_send, person_user_link

# No 0/O or 1/I: the code is read out over the phone or copied from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_MAX_ATTEMPTS = 5


def code_ttl() -> timedelta:
    """How long a one-time code stays valid (ACCOUNT_CODE_TTL_HOURS, default 24 hours)."""
    return timedelta(hours=getattr(settings, "ACCOUNT_CODE_TTL_HOURS", 24))


# --- reads ---------------------------------------------------------------------------------


def registry_email(person: Person) -> str:
    """The email address the registry holds for a person (verified first, then by preference), or ''."""
    contact = (
        ContactPoint.objects.filter(person=person, kind=ContactKind.EMAIL)
        .order_by("-verified", "preference", "id")
        .first()
    )
    return contact.value if contact else ""


def account_users_for_email(email: str) -> QuerySet:
    """Active accounts whose person has this email address in the registry (for a reset link)."""
    holders = ContactPoint.objects.filter(kind=ContactKind.EMAIL, value=(email or "").strip().lower())
    return get_user_model().objects.filter(is_active=True, person__in=holders.values("person_id"))


def account_events(*, person: Person) -> QuerySet[AccountEvent]:
    """What was done to the person's account, newest first, with who did it."""
    return person.account_events.select_related("by_user", "user")


def account_history_entries(*, person: Person) -> list[HistoryEntry]:
    """The account events as entries of the person's change history."""
    return [
        HistoryEntry(
            when=event.created_at,
            who=event.by_user,
            action="account",
            subject=_("Akun pengguna: %(event)s") % {"event": event.get_kind_display()},
            changes=[],
        )
        for event in account_events(person=person)[:50]
    ]


def account_code_pending(*, user) -> AccountCode | None:
    """The user's one-time code still usable, if any (never its value: only its hash is kept)."""
    return (
        AccountCode.objects.filter(user=user, used_at=None, voided_at=None, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def _privileged_areas(person: Person) -> tuple[str, ...] | None:
    """The areas of the person's current privileged offices (an empty tuple for a superuser holding
    none: the installation's administrators are told); None if the account is not privileged."""
    codes = tuple(
        person.positions.filter(position_current_q(), office__in=sorted(PRIVILEGED_OFFICES))
        .order_by("area__code")
        .values_list("area__code", flat=True)
        .distinct()
    )
    if codes or (person.user is not None and person.user.is_superuser):
        return codes
    return None


# --- writes ----------------------------------------------------------------------------------


def _event(*, person: Person, user, kind: str, by_user) -> AccountEvent:
    event = AccountEvent(person=person, user=user, kind=kind, by_user=by_user)
    event.full_clean()
    event.save()
    return event


def _manager_check(*, person: Person, by_user) -> None:
    if not grant_scope(by_user).administrator or not by_user.has_perm("stakeholders.manage_account"):
        raise ValidationError(_("Hanya administrator kabupaten yang boleh mengatur akun pengguna."))
    if person.user_id is not None and person.user_id == by_user.pk:
        raise ValidationError(_("Akun Anda sendiri diatur lewat Ganti kata sandi, bukan di sini."))


def _code_issue(*, user, by_user) -> str:
    """Void the user's unused codes and make a new one; returns it formatted, the only time it exists."""
    now = timezone.now()
    AccountCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=now)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    record = AccountCode(
        user=user,
        code_hash=make_password(raw),
        created_by=by_user,
        created_at=now,
        expires_at=now + code_ttl(),
    )
    record.full_clean()
    record.save()
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _tell(*, person: Person, by_user, what: str, key: str) -> tuple:
    """Tell the person (reached on their own contacts) and, for a privileged account, the other
    kabupaten administrators; returns the administrators told, as ``admin_notice_send`` does.
    """
    link = f"{settings.SITE_URL}{person.get_absolute_url()}"
    actor = str(Person.objects.filter(user=by_user).first() or by_user.get_username())
    notice_send(
        recipients=[person],
        text=_("%(what)s oleh %(user)s. Bila bukan atas permintaan Anda, segera hubungi Kesbangpol.")
        % {"what": what, "user": actor},
        link=f"{settings.SITE_URL}{reverse('login')}",
        idempotency_key=f"{key}|person",
    )
    areas = _privileged_areas(person)
    if areas is None:
        return ()
    return admin_notice_send(
        text=_("Akun jabatan istimewa: %(what)s untuk %(person)s oleh %(user)s.")
        % {"what": what, "person": person, "user": actor},
        link=link,
        key=f"{key}|admins",
        area_codes=areas,
        exclude_user_ids={by_user.pk},
        exclude_person_ids={person.pk},
    )


@transaction.atomic
def account_create(*, person: Person, username: str, by_user) -> tuple[object, str]:
    """Create a login for a person of the registry; returns (user, one-time code).

    The account has no password until the user sets one with the code (or a reset link sent to
    their registry email); its access follows the person's positions.
    """
    _manager_check(person=person, by_user=by_user)
    if person.user_id is not None:
        raise ValidationError({"username": _("Orang ini sudah punya akun pengguna.")})
    user = get_user_model()(
        username=(username or "").strip(), email=registry_email(person), first_name=person.full_name[:150]
    )
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password", "last_name"])
    except ValidationError as exc:
        raise ValidationError({"username": exc.message_dict.get("username", exc.messages)}) from exc
    user.save()
    person_user_link(person=person, user=user, by_user=by_user)
    code = _code_issue(user=user, by_user=by_user)
    event = _event(person=person, user=user, kind=AccountEventKind.CREATED, by_user=by_user)
    _tell(
        person=person,
        by_user=by_user,
        what=_("Akun %(username)s dibuat") % {"username": user.get_username()},
        key=f"stakeholders|account|{event.pk}",
    )
    return user, code


def _account_of(person: Person):
    if person.user_id is None:
        raise ValidationError(_("Orang ini belum punya akun pengguna."))
    return person.user


@transaction.atomic
def account_disable(*, person: Person, by_user) -> object:
    """Disable a person's account: it cannot log in, its open sessions stop, its codes are void."""
    _manager_check(person=person, by_user=by_user)
    user = _account_of(person)
    if not user.is_active:
        raise ValidationError(_("Akun ini sudah nonaktif."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    AccountCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=timezone.now())
    event = _event(person=person, user=user, kind=AccountEventKind.DISABLED, by_user=by_user)
    _tell(
        person=person,
        by_user=by_user,
        what=_("Akun Anda dinonaktifkan"),
        key=f"stakeholders|account|{event.pk}",
    )
    return user


@transaction.atomic
def account_enable(*, person: Person, by_user) -> object:
    """Enable a disabled account again (with the password it had, if any)."""
    _manager_check(person=person, by_user=by_user)
    user = _account_of(person)
    if user.is_active:
        raise ValidationError(_("Akun ini sudah aktif."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    event = _event(person=person, user=user, kind=AccountEventKind.ENABLED, by_user=by_user)
    _tell(
        person=person,
        by_user=by_user,
        what=_("Akun Anda diaktifkan kembali"),
        key=f"stakeholders|account|{event.pk}",
    )
    return user


@transaction.atomic
def account_password_reset(*, person: Person, by_user) -> str:
    """Reset a person's password: the old one stops working at once (open sessions end with it) and a
    one-time code is returned for the user to set a new one.
    """
    _manager_check(person=person, by_user=by_user)
    user = _account_of(person)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    code = _code_issue(user=user, by_user=by_user)
    event = _event(person=person, user=user, kind=AccountEventKind.CODE_ISSUED, by_user=by_user)
    _tell(
        person=person,
        by_user=by_user,
        what=_("Kata sandi akun Anda direset"),
        key=f"stakeholders|account|{event.pk}",
    )
    return code


def _code_normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def account_code_redeem(*, username: str, code: str, new_password: str):
    """Set a new password with a one-time code; returns the user.

    A wrong code counts against the code (void after CODE_MAX_ATTEMPTS) and the answer never says
    whether the username exists. The new password passes the configured validators.
    """
    refused = ValidationError(
        {"code": _("Nama pengguna atau kode tidak cocok, atau kode sudah tidak berlaku.")}
    )
    wrong = False
    with transaction.atomic():
        user = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
        record = None
        if user is not None:
            record = (
                AccountCode.objects.select_for_update()
                .filter(user=user, used_at=None, voided_at=None, expires_at__gt=timezone.now())
                .order_by("-created_at")
                .first()
            )
        if record is None:
            raise refused
        if not check_password(_code_normalise(code), record.code_hash):
            record.failed_attempts += 1
            if record.failed_attempts >= CODE_MAX_ATTEMPTS:
                record.voided_at = timezone.now()
            record.save(update_fields=["failed_attempts", "voided_at"])
            wrong = True
        else:
            try:
                validate_password(new_password, user)
            except ValidationError as exc:
                raise ValidationError({"new_password1": exc.messages}) from exc
            user.set_password(new_password)
            user.save(update_fields=["password"])
            record.used_at = timezone.now()
            record.save(update_fields=["used_at"])
            person = Person.objects.filter(user=user).first()
            if person is not None:
                _event(person=person, user=user, kind=AccountEventKind.CODE_USED, by_user=user)
    if wrong:
        # Outside the block, so the wrong try stays counted.
        raise refused
    return user


@transaction.atomic
def account_email_reset_record(*, user) -> None:
    """Note in the person's history that the user set a new password through an emailed link."""
    AccountCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=timezone.now())
    person = Person.objects.filter(user=user).first()
    if person is not None:
        _event(person=person, user=user, kind=AccountEventKind.EMAIL_RESET, by_user=user)
