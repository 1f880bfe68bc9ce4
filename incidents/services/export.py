"""Background exports of the incident list: record a request, build the file with progress (a core job).

The worker streams: the rows are read through a server-side cursor (``QuerySet.iterator``, inside a
read transaction on the connection they come from, so PostgreSQL hands them over chunk by chunk
instead of materialising a WITH HOLD cursor), written one by one to a temporary file on disk
(``core.tabular.table_file``) and the file is saved to the storage from disk. Memory stays flat
however many rows the list has (``manage.py bench_export`` measures it).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.http import QueryDict

from core.dbrouter import read_alias, replica_reads
from core.jobs import job_enqueue, job_finish, job_progress, job_run
from core.tabular import table_file

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
    # Every read of the build from one connection: the replica when there is one (core.dbrouter).
    alias = read_alias()
    queryset = IncidentFilterSet(data, queryset=incident_list_for_triage(user), user=user).qs.using(alias)
    job_progress(export, done=0, total=queryset.count())

    def progress(n: int) -> None:
        job_progress(export, done=n)  # in memory; the job's heartbeat writes it every few seconds

    # A server-side cursor lives in a transaction: without one, psycopg declares it WITH HOLD and
    # PostgreSQL computes every row before the first is sent. The transaction only reads (the
    # progress is written by the heartbeat's own connection), on the read connection, so reads of
    # the replica stay on the replica.
    with transaction.atomic(using=alias):
        fh = table_file(
            export_rows(queryset, progress),
            file_format=export.file_format,
            title=EXPORT_SHEET,
            widths=EXPORT_WIDTHS,
        )
    with fh:  # from disk to the storage in chunks
        export.file.save(f"insiden.{export.file_format}", File(fh), save=False)
    job_finish(export, file=export.file.name)


def _build_from_replica(export: IncidentExport) -> None:
    # The rows are a read model: from the replica when there is one (core.dbrouter); the progress
    # and the finished file are written to the primary.
    with replica_reads():
        _build(export)


def incident_export_run(*, export_id: int) -> str:
    """Build the export in the requesting user's scope (safe to run twice: only a queued one runs)."""
    return job_run(IncidentExport, export_id, _build_from_replica)
