"""Background exports of the incident list: record a request, build the file with progress (a core job)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict

from core.dbrouter import replica_reads
from core.jobs import job_enqueue, job_finish, job_progress, job_run
from core.tabular import write_csv, write_xlsx_table

from ..exports import EXPORT_SHEET, EXPORT_WIDTHS, export_rows
from ..models import IncidentExport


@transaction.atomic
def incident_export_request(*, user, params: dict, file_format: str) -> IncidentExport:
    """Record an export of the list filtered by ``params`` (the GET parameters, as lists) and queue it."""
    export = IncidentExport(created_by=user, params=params, file_format=file_format)
    export.full_clean()
    export.save()
    return job_enqueue(export)


def _build(export: IncidentExport) -> None:
    from ..filters import IncidentFilterSet
    from ..selectors import incident_list_for_triage

    user = get_user_model().objects.get(pk=export.created_by_id)
    data = QueryDict(mutable=True)
    for key, values in export.params.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    queryset = IncidentFilterSet(data, queryset=incident_list_for_triage(user), user=user).qs
    job_progress(export, done=0, total=queryset.count())

    def progress(n: int) -> None:
        job_progress(export, done=n)

    if export.file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx_table(export_rows(queryset, progress), buffer, title=EXPORT_SHEET, widths=EXPORT_WIDTHS)
        content = buffer.getvalue()
    else:
        text = io.StringIO()
        write_csv(export_rows(queryset, progress), text)
        content = text.getvalue().encode("utf-8")
    export.file.save(f"insiden.{export.file_format}", ContentFile(content), save=False)
    job_finish(export, file=export.file.name)


def _build_from_replica(export: IncidentExport) -> None:
    # The rows are a read model: from the replica when there is one (core.dbrouter); the progress
    # and the finished file are written to the primary.
    with replica_reads():
        _build(export)


def incident_export_run(*, export_id: int) -> str:
    """Build the export in the requesting user's scope (safe to run twice: only a queued one runs)."""
    return job_run(IncidentExport, export_id, _build_from_replica)
