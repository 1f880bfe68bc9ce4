"""Serialising the sends of one client-made id (an offline form's queued record sent again after a lost
answer), so that the first commit wins and a repeat finds what it made instead of making a second."""

from __future__ import annotations

from uuid import UUID

from django.db import connection


def client_id_lock(namespace: int, client_id: UUID) -> None:
    """Wait for any other transaction holding the lock of ``client_id`` under ``namespace`` (to its commit
    or rollback); held until this transaction ends. Each kind of record has its own namespace, and its
    unique column stays the last word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [namespace, int.from_bytes(client_id.bytes[:4], "big", signed=True)],
        )
