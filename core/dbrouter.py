"""Reads of the read-heavy pages from a PostgreSQL streaming replica, everything else from the primary.

The rule is explicit, not a guess per query: a read goes to the ``replica`` alias only when

- ``DATABASE_REPLICA_URL`` is set (the settings then define the alias),
- the code runs inside ``replica_reads()`` (a context manager and view decorator: the dashboard,
  the map and its data, the situation report's figures, the incident exports' rows),
- the primary connection is not inside ``transaction.atomic`` (a read inside a transaction belongs
  to it: locks, its own uncommitted rows), and
- the context is not pinned to the primary (``primary_reads()``): every request that may write, and
  every request of the same browser for ``DATABASE_REPLICA_PIN_S`` seconds after it, is pinned by
  ``pilkada_mitigasi.middleware.ReplicaPinMiddleware`` (a cookie), so a person sees their own
  writes even when the replica lags.

Writes and migrations always go to the primary. A ``replica_reads()`` block may write (an export's
progress, an audit row); those writes commit on the primary and the block's later reads still go to
the replica, so such a block must not read back what it wrote: the blocks are read models, and a
service's own reads are inside its ``transaction.atomic``. Without a replica every read goes to the
primary.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
PIN_COOKIE = "pm_primary"

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_allowed", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)


def replica_configured() -> bool:
    """Whether settings define a read replica."""
    return REPLICA_DB_ALIAS in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads of this block (or view) go to the replica, unless the context is pinned."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Read from the primary inside this block, whatever encloses it (read-your-writes)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def read_alias() -> str:
    """The alias the next read goes to, by the rule in this module's docstring."""
    if (
        _replica_allowed.get()
        and not _pinned.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA_DB_ALIAS
    return DEFAULT_DB_ALIAS


class PrimaryReplicaRouter:
    """Routes reads by ``read_alias()``; writes, relations and migrations belong to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same database: rows read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
