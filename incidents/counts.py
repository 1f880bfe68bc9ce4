"""The dashboard's pre-aggregated counts (``IncidentDayCount``, ``IncidentOpenCount``): the one place
that keeps them, as PostgreSQL triggers on ``incidents_incident``, and their rebuild.

Why triggers rather than calls in the services: a report's counted columns (its times, area,
category, phase, election, status, severity) are written by many paths: the services (create, edit,
move, workflow, merge, historical entry), the import, the Django admin, bulk ``update()`` calls, the
demo and bench loaders (COPY), cascades and raw SQL. A statement-level trigger sees every one of them,
in the same transaction, and with transition tables it adds up a whole statement (a COPY of a million
rows, an ``update()`` of thousands) in one grouped UPSERT of +n/-n deltas
(``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), so concurrent writers stay correct: each
waits for the other's row lock and adds its own delta. The rows of a statement are upserted in key
order, which keeps two writers from locking the same rows in opposite orders.

An UPDATE that changes no counted column costs one grouping of its own rows, and writes nothing.

Days are WITA days (``settings.TIME_ZONE`` at install): ``install()`` (the migration, and the rebuild
command) writes the zone into the function; after changing TIME_ZONE run ``manage.py
rebuild_incident_counts``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

from .choices import OPEN_STATUSES, Status

DAY_TABLE = "incidents_incidentdaycount"
OPEN_TABLE = "incidents_incidentopencount"
FUNCTIONS = {
    "INSERT": "incidents_counts_insert",
    "UPDATE": "incidents_counts_update",
    "DELETE": "incidents_counts_delete",
}
COUNTED = (
    "reported_at, occurred_at, area_code, election_id, category_id, phase_id, status, severity, "
    "bawaslu_deadline, bawaslu_referred_at, is_historical"
)


def _sources(op: str) -> str:
    """The signed rows a statement changes: +1 for each new row, -1 for each old one."""
    new = f"SELECT 1 AS sign, {COUNTED} FROM new_rows"  # noqa: S608 - our own columns, no input
    old = f"SELECT -1 AS sign, {COUNTED} FROM old_rows"  # noqa: S608
    return {"INSERT": new, "UPDATE": f"{new} UNION ALL {old}", "DELETE": old}[op]


def _scoped(source: str) -> str:
    """The signed rows once per area they count in (their kabupaten, their kecamatan), with the child
    area a chart by area puts them in."""
    return f"""
        src AS ({source}),
        coded AS (
            SELECT src.*, string_to_array(src.area_code, '.') AS parts FROM src
        ),
        levels AS (
            SELECT coded.*,
                array_to_string(parts[1:2], '.') AS kab,
                CASE WHEN cardinality(parts) >= 3 THEN array_to_string(parts[1:3], '.') END AS kec,
                CASE WHEN cardinality(parts) >= 4 THEN array_to_string(parts[1:4], '.') END AS desa
            FROM coded
        ),
        scoped AS (
            SELECT levels.sign, levels.reported_at, levels.occurred_at,
                COALESCE(levels.election_id, 0) AS election_id, levels.category_id,
                COALESCE(levels.phase_id, 0) AS phase_id, levels.status, levels.severity,
                levels.bawaslu_deadline, levels.bawaslu_referred_at, levels.is_historical, s.scope_code, s.child_code
            FROM levels
            CROSS JOIN LATERAL (
                VALUES (levels.kab, COALESCE(levels.kec, levels.kab)),
                       (levels.kec, COALESCE(levels.desa, levels.kec))
            ) AS s(scope_code, child_code)
            WHERE s.scope_code IS NOT NULL
        )"""  # noqa: S608


def _upserts(source: str, *, zone: str, conflict: bool = True) -> list[str]:
    """The statements adding ``source``'s signed rows to the count tables: the days reported and happened
    (three dimensions each), the running legal clocks by the day they run out, the open reports."""
    day_update = (
        " ON CONFLICT (scope_code, basis, day, election_id, dimension, category_id, phase_id, child_code)"
        f" DO UPDATE SET n = {DAY_TABLE}.n + EXCLUDED.n"
        if conflict
        else ""
    )
    open_update = (
        f" ON CONFLICT (scope_code, election_id, severity) DO UPDATE SET n = {OPEN_TABLE}.n + EXCLUDED.n"
        if conflict
        else ""
    )
    open_statuses = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
    zone = zone.replace("'", "''")
    days = f"""
        WITH {_scoped(source)}
        INSERT INTO {DAY_TABLE}
            (scope_code, basis, day, election_id, dimension, category_id, phase_id, child_code, n)
        SELECT scoped.scope_code, b.basis, (b.at AT TIME ZONE '{zone}')::date, scoped.election_id,
            d.dimension, d.category_id, d.phase_id, d.child_code, SUM(scoped.sign)
        FROM scoped
        CROSS JOIN LATERAL (VALUES ('r', scoped.reported_at), ('o', scoped.occurred_at)) AS b(basis, at)
        CROSS JOIN LATERAL (
            VALUES ('c', scoped.category_id, 0, ''),
                   ('p', 0, scoped.phase_id, ''),
                   ('a', 0, 0, scoped.child_code)
        ) AS d(dimension, category_id, phase_id, child_code)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING SUM(scoped.sign) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        {day_update}"""  # noqa: S608 - constants and the zone's name, quoted
    # Legal clocks still running (legal_clock_overdue_q but the time): one total per deadline day.
    clocks = f"""
        WITH {_scoped(source)}
        INSERT INTO {DAY_TABLE}
            (scope_code, basis, day, election_id, dimension, category_id, phase_id, child_code, n)
        SELECT scope_code, 'd', (bawaslu_deadline AT TIME ZONE '{zone}')::date, election_id, 't', 0, 0, '',
            SUM(sign)
        FROM scoped
        WHERE bawaslu_deadline IS NOT NULL AND bawaslu_referred_at IS NULL AND NOT is_historical
            AND status <> '{Status.DITOLAK}'
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING SUM(sign) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        {day_update}"""  # noqa: S608 - constants and the zone's name, quoted
    opens = f"""
        WITH {_scoped(source)}
        INSERT INTO {OPEN_TABLE} (scope_code, election_id, severity, n)
        SELECT scope_code, election_id, severity, SUM(sign)
        FROM scoped
        WHERE status IN ({open_statuses})
        GROUP BY 1, 2, 3
        HAVING SUM(sign) <> 0
        ORDER BY 1, 2, 3
        {open_update}"""  # noqa: S608
    return [days, clocks, opens]


def _dropping_zeros(upsert: str, table: str) -> str:
    """The trigger's UPSERT, then the DELETE of the rows it left at 0: a count row exists only while it
    counts something, so a removal (a bench's million reports, a report moved away) leaves the tables as
    they were. Only rows this statement has just written (and so locks) are deleted: no other writer's
    row is waited for."""
    ctes, insert = upsert.split("INSERT INTO", 1)
    return (
        f"{ctes.rstrip()}, upserted AS (INSERT INTO{insert} RETURNING id, n)\n"
        "SELECT array_agg(id) FILTER (WHERE n = 0) INTO zero FROM upserted;\n"
        f"DELETE FROM {table} WHERE id = ANY(zero)"
    )


def install_sql(zone: str | None = None) -> list[str]:
    """The functions and statement-level triggers that keep the count tables (idempotent)."""
    zone = zone or settings.TIME_ZONE
    statements = []
    for op, function in FUNCTIONS.items():
        upserts = _upserts(_sources(op), zone=zone)
        body = ";\n".join(
            _dropping_zeros(statement, table)
            for statement, table in zip(upserts, (DAY_TABLE, DAY_TABLE, OPEN_TABLE), strict=True)
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $counts$\n"
            f"DECLARE zero bigint[];\nBEGIN\n{body};\nRETURN NULL;\nEND;\n$counts$"
        )
        referencing = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[op]
        trigger = f"{function}_trigger"
        statements.append(f"DROP TRIGGER IF EXISTS {trigger} ON incidents_incident")
        statements.append(
            f"CREATE TRIGGER {trigger} AFTER {op} ON incidents_incident REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


def uninstall_sql() -> list[str]:
    statements = []
    for function in FUNCTIONS.values():
        statements.append(f"DROP TRIGGER IF EXISTS {function}_trigger ON incidents_incident")
        statements.append(f"DROP FUNCTION IF EXISTS {function}()")
    return statements


def install(cursor) -> None:
    """Create (or replace) the triggers on ``cursor``'s connection."""
    for statement in install_sql():
        cursor.execute(statement)


def rebuild(cursor=None) -> dict[str, int]:
    """Empty both count tables and count every report again, with the triggers (re)installed, in one
    transaction; writes of reports wait meanwhile (SHARE lock), so none is counted twice or missed.
    Returns the number of rows of each table."""
    with transaction.atomic():
        own = cursor is None
        cursor = cursor or connection.cursor()
        try:
            cursor.execute("LOCK TABLE incidents_incident IN SHARE MODE")
            install(cursor)
            cursor.execute(f"TRUNCATE {DAY_TABLE}, {OPEN_TABLE}")
            source = f"SELECT 1 AS sign, {COUNTED} FROM incidents_incident"  # noqa: S608
            for statement in _upserts(source, zone=settings.TIME_ZONE, conflict=False):
                cursor.execute(statement)
            counts = {}
            for table in (DAY_TABLE, OPEN_TABLE):
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our own table names
                counts[table] = cursor.fetchone()[0]
        finally:
            if own:
                cursor.close()
    return counts
