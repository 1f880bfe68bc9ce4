"""A person's data under UU 27/2022 (PDP), for kabupaten administrators: export and erasure."""

from __future__ import annotations

import io
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

from .forms import PersonEraseForm
from .selectors import person_visible_to
from .services_pdp import person_erase, person_personal_data

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def _cell(value):
    """A cell value an office spreadsheet cannot run: text starting like a formula is kept as text."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, section in data["sections"].items():
        sheet = workbook.create_sheet(title=name[:31])
        rows = section["rows"]
        sheet.append([section["label"]])
        if not rows:
            sheet.append([_("(tidak ada data)")])
            continue
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
        response = HttpResponse(_xlsx(data), content_type=XLSX_TYPE)
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
