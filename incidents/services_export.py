"""Services of background exports: record a request, build the file with progress."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from core.tabular import write_csv, write_xlsx

from .choices import ExportStatus
from .exports import EXPORT_SHEET, export_rows
from .models import IncidentExport


@transaction.atomic
def incident_export_request(*, user, params: dict, file_format: str) -> IncidentExport:
    """Record a pending export of the list filtered by ``params`` (the GET parameters, as lists)."""
    export = IncidentExport(requested_by=user, params=params, file_format=file_format)
    export.full_clean()
    export.save()
    return export


def _progress(export_id: int, done: int) -> None:
    IncidentExport.objects.filter(pk=export_id).update(done=done)


def incident_export_run(*, export_id: int) -> IncidentExport:
    """Build the export in the requesting user's scope, updating ``done`` as rows are written."""
    from .filters import IncidentFilterSet
    from .selectors import incident_list_for_triage

    with transaction.atomic():
        export = IncidentExport.objects.select_for_update().get(pk=export_id)
        if export.status in (ExportStatus.DONE, ExportStatus.RUNNING):
            return export
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    user = get_user_model().objects.get(pk=export.requested_by_id)
    data = QueryDict(mutable=True)
    for key, values in export.params.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    queryset = IncidentFilterSet(data, queryset=incident_list_for_triage(user), user=user).qs
    total = queryset.count()
    IncidentExport.objects.filter(pk=export_id).update(total=total)
    try:
        if export.file_format == "xlsx":
            buffer = io.BytesIO()
            write_xlsx(export_rows(queryset, lambda n: _progress(export_id, n)), buffer, title=EXPORT_SHEET)
            content = buffer.getvalue()
        else:
            text = io.StringIO()
            write_csv(export_rows(queryset, lambda n: _progress(export_id, n)), text)
            content = text.getvalue().encode("utf-8")
    except Exception as exc:
        IncidentExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(exc)[:300])
        raise
    export.refresh_from_db()
    export.file.save(f"insiden.{export.file_format}", ContentFile(content), save=False)
    export.status = ExportStatus.DONE
    export.done = total
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "done", "finished_at"])
    return export
