"""A person's data under UU 27/2022 (PDP), for kabupaten administrators: export and erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.tabular import XLSX_CONTENT_TYPE, XlsxWriter

from .forms import PersonEraseForm
from .selectors import person_visible_to
from .services_pdp import person_erase, person_personal_data

PERMISSION = "audit.manage_personal_data"


def _person(request, pk):
    return get_object_or_404(person_visible_to(request.user), pk=pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
def person_personal_data_page(request, pk: int):
    """What the export contains and the erasure form (nothing is read or logged until a download)."""
    person = _person(request, pk)
    return render(
        request, "stakeholders/person_personal_data.html", {"person": person, "form": PersonEraseForm()}
    )


def _plain(value):
    """A value openpyxl can store: no None, datetimes in local time without a zone."""
    if value is None:
        return ""
    if getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _xlsx(data: dict) -> bytes:
    """A sheet per section, written by core.tabular (formula-safe cells)."""
    workbook = XlsxWriter()
    for name, section in data["sections"].items():
        sheet = workbook.sheet(name)
        rows = section["rows"]
        sheet.append([section["label"]], bold=True)
        if not rows:
            sheet.append([_("(tidak ada data)")])
            continue
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns, bold=True)
        for row in rows:
            sheet.append([_plain(row.get(column)) for column in columns])
    return workbook.to_bytes()


@login_required
@permission_required(PERMISSION, raise_exception=True)
def person_personal_data_export(request, pk: int, file_format: str):
    """Everything held about the person as JSON or XLSX; the export is recorded in the audit trail."""
    if file_format not in ("json", "xlsx"):
        raise Http404
    person = _person(request, pk)
    data = person_personal_data(person=person, by_user=request.user, request=request, file_format=file_format)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "json":
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(_xlsx(data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{person.pk}-{stamp}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def person_personal_data_erase(request, pk: int):
    """Erase or anonymise the person's data across the system (confirmed by typing HAPUS, with a reason)."""
    person = _person(request, pk)
    form = PersonEraseForm(request.POST)
    if form.is_valid():
        try:
            counts = person_erase(
                person=person, reason=form.cleaned_data["reason"], by_user=request.user, request=request
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Data pribadi dihapus atau dianonimkan (%(count)s butir). Catatan insiden tetap utuh.")
                % {"count": sum(counts.values())},
            )
            return redirect("stakeholders:person_detail", pk=person.pk)
    return render(
        request, "stakeholders/person_personal_data.html", {"person": person, "form": form}, status=400
    )
