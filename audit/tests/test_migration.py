"""Moving the informant access log into the audit trail keeps every row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from incidents.tests.factories import make_incident
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

BEFORE = [("incidents", "0008_hand_situation_report_to_situation"), ("audit", "0002_append_only_trigger")]
AFTER = [("incidents", "0009_move_informant_log_to_audit")]


@pytest.mark.migration
@pytest.mark.django_db(transaction=True)
def test_old_informant_log_rows_are_copied_into_the_audit_trail(kutim):
    admin_user = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    incident = make_incident(by_user=reporter, informant={"full_name": "Warga Rahasia"})
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO incidents_informantaccesslog (informant_id, user_id, at, purpose)"
                " VALUES (%s, %s, now() - interval '2 days', 'klarifikasi'),"
                " (%s, %s, now() - interval '1 day', '')",
                [incident.informant.pk, admin_user.pk] * 2,
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, object_type, object_id, object_repr, purpose FROM audit_accessrecord"
                " WHERE kind = 'informant' ORDER BY at"
            )
            rows = cursor.fetchall()
        assert rows == [
            (admin_user.pk, "incidents.incident", str(incident.pk), incident.number, "klarifikasi"),
            (admin_user.pk, "incidents.incident", str(incident.pk), incident.number, ""),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
