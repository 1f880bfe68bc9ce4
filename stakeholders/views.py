"""Pages of the registry. Thin: parse with a form, call one service or selector, render or redirect.

Every object comes from a ``*_visible_to(user)`` selector, so an object outside the
user's scope is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.choices import AccessKind
from audit.services import access_record_object, export_download_record
from core.tabular import XLSX_CONTENT_TYPE
from core.views import job_progress_response

from . import accounts, imports, services
from .choices import GrantStatus, ImportKind, ImportPhase
from .exports import directory_xlsx, import_template_xlsx
from .filters import OrganisationFilterSet, PersonFilterSet
from .forms import (
    AccountCodeRedeemForm,
    AccountCreateForm,
    ContactPointForm,
    DutyRosterForm,
    ForumEditForm,
    ForumForm,
    ForumSeatForm,
    ImportMappingForm,
    ImportReplaceForm,
    ImportRowForm,
    ImportUploadForm,
    NonActivePeriodForm,
    OrganisationForm,
    PersonCreateForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
    PositionRequestRejectForm,
    RegistryPasswordResetForm,
)
from .models import ContactPoint, ForumSeat, Person, Position
from .selectors import (
    area_scope_q,
    change_history,
    contact_mask,
    coverage_gaps,
    dutyroster_visible_to,
    forum_seat_holders,
    forum_visible_to,
    import_job_visible_to,
    organisation_people,
    organisation_visible_to,
    people_reachable_mark,
    person_forums,
    person_positions,
    person_visible_to,
    position_request_pending,
    position_request_visible_to,
)
from .selectors import organisation_pick as organisation_pick_select
from .selectors import person_pick as person_pick_select

PAGE_SIZE = 25


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _form_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on top when no field matches)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(request, form, title, *, back=None):
    return render(request, "stakeholders/form.html", {"form": form, "title": title, "back": back})


# --- people ---------------------------------------------------------------------


@login_required
def index(request):
    """The section's entry: the directory for those who may read it, else the user's own record."""
    if request.user.has_perm("stakeholders.view_person"):
        return redirect("stakeholders:person_list")
    person = Person.objects.filter(user=request.user).first()
    return render(
        request,
        "stakeholders/index.html",
        {
            "person": person,
            "positions": person_positions(person=person) if person else [],
            "contacts": person.contact_points.all() if person else [],
        },
    )


@login_required
@permission_required("stakeholders.view_person", raise_exception=True)
def person_list(request):
    """The directory of people: search by name, office, organisation and area; paginated."""
    filterset = PersonFilterSet(request.GET or None, request=request)
    people = filterset.qs
    page, query_string = _page(request, people)
    page.object_list = list(page.object_list)
    people_reachable_mark(page.object_list)
    return render(
        request,
        "stakeholders/person_list.html",
        {"filter": filterset, "page_obj": page, "query_string": query_string},
    )


def _contact_rows(request, person):
    show = request.user.has_perm("stakeholders.view_contactpoint")
    return [
        (contact, contact.value if show else contact_mask(contact.value))
        for contact in person.contact_points.all()
    ], show


def _person_history(person, *, contacts_visible: bool):
    entries = _registry_history(person, contacts_visible=contacts_visible) + accounts.account_history_entries(
        person=person
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:50]


def _registry_history(person, *, contacts_visible: bool):
    return change_history(
        (person.history.filter(id=person.pk), lambda r: _("Data orang")),
        (
            ContactPoint.history.filter(person_id=person.pk),
            lambda r: _("Kontak %(kind)s") % {"kind": r.get_kind_display()},
        ),
        (
            Position.history.filter(person_id=person.pk),
            lambda r: _("Jabatan %(office)s") % {"office": r.get_office_display()},
        ),
        masked=None if contacts_visible else {ContactPoint: {"value"}},
    )


@login_required
@permission_required("stakeholders.view_person", raise_exception=True)
def person_detail(request, pk: int):
    """One person: positions current and past, contact points (masked without permission), forums, history."""
    person = get_object_or_404(person_visible_to(request.user), pk=pk)
    contacts, contacts_visible = _contact_rows(request, person)
    if contacts_visible and contacts and person.user_id != request.user.pk:
        access_record_object(
            kind=AccessKind.CONTACTS, by_user=request.user, obj=person, person_id=person.pk, request=request
        )
    return render(
        request,
        "stakeholders/person_detail.html",
        {
            "person": person,
            "today": timezone.localdate(),
            "positions": person_positions(person=person),
            "contacts": contacts,
            "contacts_visible": contacts_visible,
            "forums": person_forums(person=person),
            "history": _person_history(person, contacts_visible=contacts_visible),
        },
    )


@login_required
@permission_required("stakeholders.add_person", raise_exception=True)
def person_create(request):
    """Record a new person, with the office they hold (required below kabupaten level)."""
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, grant = services.person_with_position_create(
                full_name=data["full_name"],
                honorific=data["honorific"],
                degrees=data["degrees"],
                notes=data["notes"],
                organisation=data.get("organisation"),
                office=data.get("office") or "",
                area=data.get("area"),
                start_date=data.get("start_date"),
                acting=data.get("acting") or "",
                phone=data.get("phone") or "",
                by_user=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(person)s tersimpan.") % {"person": person})
            if grant is not None:
                _grant_messages(request, grant)
            return redirect(person)
    return _form_page(request, form, _("Tambah orang"))


@login_required
@permission_required("stakeholders.change_person", raise_exception=True)
def person_update(request, pk: int):
    """Change a person's name, rank/title or notes."""
    person = get_object_or_404(person_visible_to(request.user), pk=pk)
    initial = {
        "full_name": person.full_name,
        "honorific": person.honorific,
        "degrees": person.degrees,
        "notes": person.notes,
    }
    form = PersonForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(person)
    return _form_page(
        request, form, _("Ubah %(person)s") % {"person": person}, back=person.get_absolute_url()
    )


# --- accounts ---------------------------------------------------------------------------

ACCOUNT_ACTIONS = ("create", "disable", "enable", "reset")


@login_required
@permission_required("stakeholders.manage_account", raise_exception=True)
def person_account(request, pk: int):
    """A person's user account: create it, disable or enable it, reset its password (a one-time code,
    shown once on the answer to the post). One's own account is not managed here (404).
    """
    person = get_object_or_404(person_visible_to(request.user).exclude(user=request.user), pk=pk)
    form = AccountCreateForm(
        request.POST if request.POST.get("action") == "create" else None,
        initial={"username": ""},
    )
    issued_code = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACCOUNT_ACTIONS:
            messages.error(request, _("Tindakan tidak dikenal."))
            return redirect("stakeholders:person_account", pk=person.pk)
        try:
            if action == "create":
                if form.is_valid():
                    _user, issued_code = accounts.account_create(
                        person=person, username=form.cleaned_data["username"], by_user=request.user
                    )
            elif action == "reset":
                issued_code = accounts.account_password_reset(person=person, by_user=request.user)
            elif action == "disable":
                accounts.account_disable(person=person, by_user=request.user)
                messages.success(request, _("Akun dinonaktifkan."))
            else:
                accounts.account_enable(person=person, by_user=request.user)
                messages.success(request, _("Akun diaktifkan kembali."))
        except ValidationError as exc:
            if action == "create":
                _form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
        if issued_code is None and not form.errors:
            return redirect("stakeholders:person_account", pk=person.pk)
        person.refresh_from_db()
    account = person.user
    return render(
        request,
        "stakeholders/person_account.html",
        {
            "person": person,
            "account": account,
            "form": form,
            "issued_code": issued_code,
            "code_hours": int(accounts.code_ttl().total_seconds() // 3600),
            "pending_code": accounts.account_code_pending(user=account) if account else None,
            "registry_email": accounts.registry_email(person),
            "events": accounts.account_events(person=person)[:20],
        },
    )


def account_code_redeem(request):
    """Public: turn a one-time code from an administrator into a new password."""
    form = AccountCodeRedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.account_code_redeem(
                username=data["username"], code=data["code"], new_password=data["new_password1"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Kata sandi baru tersimpan. Silakan masuk."))
            return redirect("login")
    return render(request, "registration/account_code_redeem.html", {"form": form})


class RegistryPasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: a link to the email address the registry holds for the person."""

    form_class = RegistryPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # The link starts from SITE_URL, not from the Host header of whoever asked.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class RegistryPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The emailed link: set a new password; the person's history notes it."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.account_email_reset_record(user=form.user)
        return response


# --- contact points -------------------------------------------------------------


@login_required
@permission_required("stakeholders.add_contactpoint", raise_exception=True)
def contactpoint_create(request, pk: int):
    """Add a contact point to a person."""
    person = get_object_or_404(person_visible_to(request.user), pk=pk)
    form = ContactPointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_point_add(person=person, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Kontak tersimpan."))
            return redirect(person)
    return _form_page(
        request, form, _("Tambah kontak %(person)s") % {"person": person}, back=person.get_absolute_url()
    )


def _contact_in_scope(request, pk):
    return get_object_or_404(
        ContactPoint.objects.select_related("person").filter(person__in=person_visible_to(request.user)),
        pk=pk,
    )


@login_required
@permission_required("stakeholders.change_contactpoint", raise_exception=True)
def contactpoint_update(request, pk: int):
    """Change a contact point."""
    contact = _contact_in_scope(request, pk)
    initial = {
        "kind": contact.kind,
        "value": contact.value,
        "verified": contact.verified,
        "notifiable": contact.notifiable,
        "preference": contact.preference,
    }
    form = ContactPointForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "preference": form.cleaned_data["preference"] or contact.preference}
        try:
            services.contact_point_update(contact=contact, **data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Kontak tersimpan."))
            return redirect(contact.person)
    return _form_page(request, form, _("Ubah kontak"), back=contact.person.get_absolute_url())


@login_required
@permission_required("stakeholders.delete_contactpoint", raise_exception=True)
@require_POST
def contactpoint_delete(request, pk: int):
    """Delete a contact point."""
    contact = _contact_in_scope(request, pk)
    person = contact.person
    services.contact_point_remove(contact=contact, by_user=request.user)
    messages.success(request, _("Kontak dihapus."))
    return redirect(person)


# --- positions ----------------------------------------------------------------------


def _grant_messages(request, grant: services.GrantResult) -> None:
    """Say what a grant did, and which kabupaten administrators were told and reached."""
    if grant.request is not None and grant.position is None:
        messages.warning(
            request,
            _("%(office)s menunggu persetujuan administrator kabupaten kedua; jabatan belum berlaku.")
            % {"office": grant.request.get_office_display()},
        )
    if not grant.notified:
        return
    reached = [str(person) for person, ok in grant.notified if ok]
    unreached = [str(person) for person, ok in grant.notified if not ok]
    if reached:
        messages.info(
            request,
            _("Administrator kabupaten yang diberi tahu: %(names)s.") % {"names": ", ".join(reached)},
        )
    if unreached:
        messages.warning(
            request,
            _("Belum terjangkau di luar aplikasi (tanpa kontak terverifikasi; hanya kotak masuk): %(names)s.")
            % {"names": ", ".join(unreached)},
        )


@login_required
@permission_required("stakeholders.add_position", raise_exception=True)
def position_create(request, pk: int):
    """Give a person an office in an organisation for an area, under the grant rules."""
    person = get_object_or_404(person_visible_to(request.user), pk=pk)
    form = PositionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "acting": form.cleaned_data.get("acting") or ""}
        try:
            grant = services.position_grant(person=person, **data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if grant.position is not None:
                messages.success(request, _("Jabatan tersimpan."))
            _grant_messages(request, grant)
            return redirect(person)
    return _form_page(
        request, form, _("Jabatan baru %(person)s") % {"person": person}, back=person.get_absolute_url()
    )


@login_required
@permission_required("stakeholders.change_position", raise_exception=True)
def position_end(request, pk: int):
    """End a position on a date; it stays in the person's history."""
    position = get_object_or_404(
        Position.objects.select_related("person", "area").filter(
            area_scope_q(request.user, field="area__code"), person__in=person_visible_to(request.user)
        ),
        pk=pk,
    )
    form = PositionEndForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_end(
                position=position, end_date=form.cleaned_data["end_date"], by_user=request.user
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Jabatan diakhiri."))
            return redirect(position.person)
    return _form_page(
        request,
        form,
        _("Akhiri jabatan: %(position)s") % {"position": position},
        back=position.person.get_absolute_url(),
    )


@login_required
@permission_required("stakeholders.change_position", raise_exception=True)
def position_nonactive_create(request, pk: int):
    """Record a non-active period (cuti kampanye, cuti, suspended) of a position: while it runs the position
    gives no access and receives no alerts; the acting holder does."""
    position = get_object_or_404(
        Position.objects.select_related("person", "area").filter(
            area_scope_q(request.user, field="area__code"), person__in=person_visible_to(request.user)
        ),
        pk=pk,
    )
    form = NonActivePeriodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_nonactive_add(
                position=position,
                kind=form.cleaned_data["kind"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                by_user=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Masa nonaktif tercatat. Catat juga pejabat pelaksananya (Pjs, Plt atau Plh).")
            )
            return redirect(position.person)
    return _form_page(
        request,
        form,
        _("Masa nonaktif: %(position)s") % {"position": position},
        back=position.person.get_absolute_url(),
    )


# --- requests for privileged offices ------------------------------------------------


@login_required
@permission_required("stakeholders.view_positionrequest", raise_exception=True)
def positionrequest_list(request):
    """Privileged grants waiting for a second kabupaten administrator, and the latest decisions."""
    pending = position_request_pending(request.user)
    decided = position_request_visible_to(request.user).exclude(status=GrantStatus.PENDING)
    return render(
        request,
        "stakeholders/positionrequest_list.html",
        {"pending": pending, "decided": decided.order_by("-decided_at")[:PAGE_SIZE]},
    )


@login_required
@permission_required("stakeholders.approve_positionrequest", raise_exception=True)
@require_POST
def positionrequest_approve(request, pk: int):
    """Approve a pending privileged grant; the position takes effect. The one who asked gets a 404."""
    position_request = get_object_or_404(
        position_request_pending(request.user).exclude(requested_by=request.user), pk=pk
    )
    try:
        grant = services.position_request_approve(request=position_request, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Disetujui: %(request)s.") % {"request": position_request})
        _grant_messages(request, grant)
    return redirect("stakeholders:positionrequest_list")


@login_required
@permission_required("stakeholders.approve_positionrequest", raise_exception=True)
@require_POST
def positionrequest_reject(request, pk: int):
    """Refuse (or, for the one who filed it, withdraw) a pending privileged grant."""
    position_request = get_object_or_404(position_request_pending(request.user), pk=pk)
    form = PositionRequestRejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.position_request_reject(request=position_request, reason=reason, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Ditolak: %(request)s.") % {"request": position_request})
    return redirect("stakeholders:positionrequest_list")


# --- organisations -------------------------------------------------------------------


@login_required
@permission_required("stakeholders.view_organisation", raise_exception=True)
def organisation_list(request):
    """The directory of organisations: search by name, type and area; paginated."""
    filterset = OrganisationFilterSet(request.GET or None, request=request)
    page, query_string = _page(request, filterset.qs)
    return render(
        request,
        "stakeholders/organisation_list.html",
        {"filter": filterset, "page_obj": page, "query_string": query_string},
    )


@login_required
@permission_required("stakeholders.view_organisation", raise_exception=True)
def organisation_detail(request, pk: int):
    """One organisation: its sub-organisations, the people holding offices in it, its history."""
    organisation = get_object_or_404(
        organisation_visible_to(request.user).select_related("parent", "area"), pk=pk
    )
    history = change_history(
        (organisation.history.filter(id=organisation.pk), lambda r: _("Data organisasi")),
        (
            Position.history.filter(organisation_id=organisation.pk),
            lambda r: _("Jabatan %(office)s") % {"office": r.get_office_display()},
        ),
    )
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "children": organisation_visible_to(request.user)
            .filter(parent=organisation)
            .select_related("area"),
            "people": organisation_people(organisation=organisation),
            "history": history,
        },
    )


@login_required
@permission_required("stakeholders.add_organisation", raise_exception=True)
def organisation_create(request):
    """Record a new organisation in an area the user covers."""
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.organisation_create(
                name=data["name"],
                short_name=data["short_name"],
                org_type=data["org_type"],
                area=data["area"],
                parent=data["parent"],
                by_user=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(org)s tersimpan.") % {"org": organisation})
            return redirect(organisation)
    return _form_page(request, form, _("Tambah organisasi"))


@login_required
@permission_required("stakeholders.change_organisation", raise_exception=True)
def organisation_update(request, pk: int):
    """Change an organisation."""
    organisation = get_object_or_404(organisation_visible_to(request.user), pk=pk)
    initial = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "org_type": organisation.org_type,
        "area": organisation.area.code,
        "parent": organisation.parent_id,
        "is_active": organisation.is_active,
    }
    form = OrganisationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(organisation)
    return _form_page(
        request, form, _("Ubah %(org)s") % {"org": organisation}, back=organisation.get_absolute_url()
    )


# --- forums ----------------------------------------------------------------------------


@login_required
@permission_required("stakeholders.view_forum", raise_exception=True)
def forum_list(request):
    """Forums of the areas the user covers."""
    forums = forum_visible_to(request.user).select_related("area").order_by("area__code", "kind")
    kind = request.GET.get("kind", "")
    if kind:
        forums = forums.filter(kind=kind)
    page, query_string = _page(request, forums)
    return render(
        request,
        "stakeholders/forum_list.html",
        {"page_obj": page, "query_string": query_string, "kind": kind},
    )


@login_required
@permission_required("stakeholders.view_forum", raise_exception=True)
def forum_detail(request, pk: int):
    """A forum for its area: who holds each seat today, which seats are empty."""
    forum = get_object_or_404(forum_visible_to(request.user).select_related("area"), pk=pk)
    seats = forum_seat_holders(forum=forum)
    return render(
        request,
        "stakeholders/forum_detail.html",
        {
            "forum": forum,
            "seats": seats,
            "empty_count": sum(1 for _seat, holders in seats if not holders),
            "seat_form": ForumSeatForm(user=request.user)
            if request.user.has_perm("stakeholders.add_forumseat")
            else None,
        },
    )


@login_required
@permission_required("stakeholders.add_forum", raise_exception=True)
def forum_create(request):
    """Create a forum for an area with the default seats of its kind."""
    form = ForumForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_create(**form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Forum tersimpan."))
            return redirect(forum)
    return _form_page(request, form, _("Tambah forum"))


@login_required
@permission_required("stakeholders.change_forum", raise_exception=True)
def forum_update(request, pk: int):
    """Rename a forum or change its legal basis."""
    forum = get_object_or_404(forum_visible_to(request.user), pk=pk)
    form = ForumEditForm(
        request.POST or None,
        initial={"name": forum.name, "legal_basis": forum.legal_basis},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_update(forum=forum, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(forum)
    return _form_page(request, form, _("Ubah %(forum)s") % {"forum": forum}, back=forum.get_absolute_url())


@login_required
@permission_required("stakeholders.add_forumseat", raise_exception=True)
def forumseat_create(request, pk: int):
    """Add a seat to a forum."""
    forum = get_object_or_404(forum_visible_to(request.user), pk=pk)
    form = ForumSeatForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_seat_add(forum=forum, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Kursi ditambahkan."))
            return redirect(forum)
    return _form_page(
        request, form, _("Tambah kursi: %(forum)s") % {"forum": forum}, back=forum.get_absolute_url()
    )


@login_required
@permission_required("stakeholders.delete_forumseat", raise_exception=True)
@require_POST
def forumseat_delete(request, pk: int):
    """Remove a seat from a forum."""
    seat = get_object_or_404(ForumSeat.objects.filter(forum__in=forum_visible_to(request.user)), pk=pk)
    forum = seat.forum
    services.forum_seat_remove(seat=seat, by_user=request.user)
    messages.success(request, _("Kursi dihapus."))
    return redirect(forum)


# --- duty rosters ------------------------------------------------------------------------


@login_required
@permission_required("stakeholders.view_dutyroster", raise_exception=True)
def dutyroster_list(request):
    """Duty shifts (piket) in the user's areas, latest first."""
    shifts = dutyroster_visible_to(request.user).select_related("person", "area").order_by("-starts_at")
    page, query_string = _page(request, shifts)
    return render(
        request, "stakeholders/dutyroster_list.html", {"page_obj": page, "query_string": query_string}
    )


@login_required
@permission_required("stakeholders.add_dutyroster", raise_exception=True)
def dutyroster_create(request):
    """Put a person on duty for a time window."""
    form = DutyRosterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_roster_create(**form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Piket tersimpan."))
            return redirect("stakeholders:dutyroster_list")
    return _form_page(request, form, _("Tambah piket"))


@login_required
@permission_required("stakeholders.delete_dutyroster", raise_exception=True)
@require_POST
def dutyroster_delete(request, pk: int):
    """Delete a duty shift."""
    shift = get_object_or_404(dutyroster_visible_to(request.user), pk=pk)
    services.duty_roster_remove(shift=shift, by_user=request.user)
    messages.success(request, _("Piket dihapus."))
    return redirect("stakeholders:dutyroster_list")


# --- coverage gaps -------------------------------------------------------------------------


@login_required
@permission_required("stakeholders.view_forum", raise_exception=True)
def coverage_gaps_view(request):
    """Seats nobody holds and holders nobody can notify, per area in scope."""
    gaps = coverage_gaps(request.user)
    totals = {
        "areas": len(gaps),
        "empty": sum(len(g.empty_seats) for g in gaps),
        "unreachable": sum(len(g.unreachable) for g in gaps),
        "unverified": sum(len(g.unverified) for g in gaps),
        "missing_forum": sum(1 for g in gaps if g.missing_forum),
    }
    return render(request, "stakeholders/coverage_gaps.html", {"gaps": gaps, "totals": totals})


# --- export ------------------------------------------------------------------------------------

XLSX_TYPE = XLSX_CONTENT_TYPE


@login_required
@permission_required("stakeholders.view_person", raise_exception=True)
def directory_export(request):
    """The filtered directory as XLSX; contact points masked without permission to see them."""
    filterset = PersonFilterSet(request.GET or None, request=request)
    people = filterset.qs.prefetch_related("contact_points")
    show_contacts = request.user.has_perm("stakeholders.view_contactpoint")
    content = directory_xlsx(people=people, show_contacts=show_contacts)
    export_download_record(
        by_user=request.user,
        name="stakeholders.directory",
        request=request,
        detail={"contacts": show_contacts, "filter": request.GET.urlencode()[:500]},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="direktori-pemangku-{stamp}.xlsx"'
    return response


# --- import ----------------------------------------------------------------------------------

IMPORT_PERMISSIONS = ("stakeholders.add_person", "stakeholders.add_position", "stakeholders.add_contactpoint")
# Rejected rows and probable duplicates are shown a page at a time, never as one endless page.
REJECTED_PER_PAGE = 25
MATCHES_PER_PAGE = 25


def _rejected_card(job, index: int, labels: dict[str, str]) -> dict:
    """What the card of one row of the preview shows: its row number, problems and correction form."""
    return {
        "index": index,
        "line": imports.job_line(job, index),
        "problems": job.errors.get(str(index), []),
        "form": ImportRowForm(initial=imports.job_texts(job, index), columns=job.columns, labels=labels),
    }


def _import_labels(job) -> dict[str, str]:
    return {key: label for key, label, _required in imports.spec_columns(job.kind)}


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_create(request):
    """Upload a CSV/XLSX of people or organisations; it is checked before anything is saved."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind == ImportKind.ORGANISATIONS and not request.user.has_perm("stakeholders.add_organisation"):
            form.add_error("kind", _("Anda tidak berhak menambah organisasi."))
        else:
            try:
                job = imports.import_job_create(
                    kind=kind,
                    upload=form.cleaned_data["file"],
                    by_user=request.user,
                    replace_holders=form.cleaned_data["replace_holders"],
                )
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                return redirect(job)
    columns = {kind: imports.spec_columns(kind) for kind in (ImportKind.PEOPLE, ImportKind.ORGANISATIONS)}
    return render(
        request,
        "stakeholders/import_form.html",
        {"form": form, "columns": columns, "jobs": import_job_visible_to(request.user)[:10]},
    )


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_detail(request, pk: int):
    """The preview: progress while busy, problems grouped by kind, column mapping, rejected rows a page
    at a time (each correctable in place), probable duplicates to merge or keep, what will be saved,
    then save all or nothing."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    labels = _import_labels(job)
    indices = sorted(int(index) for index in job.errors if int(index) < len(job.rows))
    page = Paginator(indices, REJECTED_PER_PAGE).get_page(request.GET.get("halaman"))
    matches = sorted(
        (int(index), match)
        for index, match in job.matches.items()
        if int(index) < len(job.rows) and not match.get("unchanged")
    )
    match_page = Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("halaman_ganda"))
    context = {
        "job": job,
        "rejected": [_rejected_card(job, index, labels) for index in page.object_list],
        "rejected_page": page,
        "rejected_count": len(indices),
        "matches": [_match_item(job, index, match) for index, match in match_page.object_list],
        "match_page": match_page,
        "unchanged_count": sum(1 for match in job.matches.values() if match.get("unchanged")),
    }
    if not job.busy and job.phase in (ImportPhase.INVALID, ImportPhase.READY):
        columns = imports.spec_columns(job.kind)
        context.update(
            groups=imports.import_problem_groups(job),
            mapping_form=ImportMappingForm(header=job.header, mapping=job.mapping, columns=columns),
            unmapped=imports.import_unmapped(job),
            notes_count=len(job.notes),
        )
        context["preview_columns"], context["preview"] = imports.import_normalised_preview(job)
    return render(request, "stakeholders/import_detail.html", context)


def _match_item(job, index: int, match: dict) -> dict:
    line = imports.job_line(job, index)
    return {
        "index": index,
        "line": line,
        "label": match.get("label", ""),
        "name": imports.job_texts(job, index).get("nama", ""),
        "decision": job.decisions.get(str(line), ""),
    }


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_progress(request, pk: int):
    """The progress bar (polled by htmx); when the worker is done the page reloads itself."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    return job_progress_response(request, job)


def _back_to(job, request, anchor: str = ""):
    """Back to the preview on the page the clerk was on (and at the row), for a browser without htmx."""
    page = request.POST.get("halaman", "")
    query = f"?halaman={page}" if page.isdigit() else ""
    return redirect(f"{job.get_absolute_url()}{query}{anchor}")


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_row_fix(request, pk: int, index: int):
    """Correct one rejected row and check that row again (not the file). With htmx, only the row's card
    and the summary are swapped, so the clerk stays where they were on the page."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    form = ImportRowForm(request.POST, columns=job.columns)
    error = ""
    if form.is_valid():
        try:
            job = imports.import_row_fix(job=job, index=index, values=form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.info(
                request,
                _("Baris %(row)s diperbarui dan diperiksa ulang.") % {"row": imports.job_line(job, index)},
            )
        return _back_to(job, request, f"#baris-{imports.job_line(job, index)}")
    if not 0 <= index < len(job.rows):
        raise Http404
    card = _rejected_card(job, index, _import_labels(job))
    return render(
        request,
        "stakeholders/partials/import_row.html",
        {"job": job, "row": card, "error": error, "fixed": not card["problems"], "oob": True},
    )


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_row_drop(request, pk: int, index: int):
    """Leave a row out (skip it); the other rows keep their check."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    line = imports.job_line(job, index) if 0 <= index < len(job.rows) else None
    try:
        job = imports.import_row_drop(job=job, index=index, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("Baris %(row)s dikeluarkan dari impor.") % {"row": line})
    return _back_to(job, request, "#baris-ditolak")


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_row_decide(request, pk: int, index: int):
    """A row that is probably a known person: merge it into that person, or keep it as a new one."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    try:
        job = imports.import_row_decide(
            job=job, index=index, decision=request.POST.get("decision", ""), by_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    if request.htmx and str(index) in job.matches:
        return render(
            request,
            "stakeholders/partials/import_match.html",
            {"job": job, "match": _match_item(job, index, job.matches[str(index)])},
        )
    return redirect(f"{job.get_absolute_url()}#mungkin-sama")


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_map(request, pk: int):
    """Map the file's columns as chosen (remembered for the next file of this header shape) and check again."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    form = ImportMappingForm(
        request.POST, header=job.header, mapping=job.mapping, columns=imports.spec_columns(job.kind)
    )
    if form.is_valid():
        try:
            imports.import_job_map(job=job, mapping=form.mapping(), by_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.info(request, _("Pemetaan kolom disimpan dan berkas diperiksa ulang."))
    return redirect(job)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_sheet(request, pk: int):
    """Read another sheet of the uploaded workbook instead."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    try:
        imports.import_job_choose_sheet(job=job, sheet=request.POST.get("sheet", ""), by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(job)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_replace(request, pk: int):
    """One fix for all: replace one value of one column in every row that has it, then check again."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    form = ImportReplaceForm(request.POST)
    if form.is_valid():
        try:
            imports.import_value_replace(job=job, **form.cleaned_data, by_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.info(
                request,
                _("%(old)s diganti %(new)s di semua baris; baris itu diperiksa ulang.") % form.cleaned_data,
            )
    return redirect(f"{job.get_absolute_url()}#masalah")


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_rejected(request, pk: int):
    """The rejected rows as XLSX, with the file's own columns and a column of reasons."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    if not job.errors:
        raise Http404
    response = HttpResponse(imports.import_rejected_xlsx(job), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="baris-ditolak-{job.pk}.xlsx"'
    return response


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_commit(request, pk: int):
    """Save every row of a checked import, or none."""
    job = get_object_or_404(import_job_visible_to(request.user), pk=pk)
    try:
        job = imports.import_job_start_commit(job=job, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    if job.phase == ImportPhase.DONE:
        messages.success(request, _("%(count)s baris tersimpan.") % {"count": job.created_count})
    elif job.phase == ImportPhase.INVALID:
        messages.error(request, _("Tidak ada yang disimpan: ada baris yang ditolak."))
    return redirect(job)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template(request, kind: str):
    """An empty XLSX with the columns of an import kind."""
    if kind not in imports.SPECS:
        raise Http404
    columns = [label for _key, label, _required in imports.spec_columns(kind)]
    response = HttpResponse(import_template_xlsx(columns=columns), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{kind}.xlsx"'
    return response


# --- pickers -------------------------------------------------------------------------


def _pick_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _pick_area(value: str | None) -> str:
    return value if value and len(value) <= 20 and all(part.isdigit() for part in value.split(".")) else ""


@require_GET
@login_required
@permission_required("stakeholders.view_person", raise_exception=True)
def person_pick(request):
    """JSON for a person picker: up to 20 people the user may see whose name starts with ``q``, holding a
    current position in ``organisation`` and for ``area`` (and the areas above and beneath it)."""
    picks = person_pick_select(
        request.user,
        q=request.GET.get("q", "")[:100],
        organisation_id=_pick_int(request.GET.get("organisation")),
        area_code=_pick_area(request.GET.get("area")),
    )
    return JsonResponse({"results": [pick.as_dict() for pick in picks]})


@require_GET
@login_required
@permission_required("stakeholders.view_organisation", raise_exception=True)
def organisation_pick(request):
    """JSON for an organisation picker: up to 20 organisations the user may see whose name starts with
    ``q``, of ``area`` (and the areas above and beneath it)."""
    picks = organisation_pick_select(
        request.user, q=request.GET.get("q", "")[:100], area_code=_pick_area(request.GET.get("area"))
    )
    return JsonResponse({"results": [pick.as_dict() for pick in picks]})
