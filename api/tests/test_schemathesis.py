"""Schemathesis against the live schema: every operation of /api/v1/, as the schema served at
/api/schema/ describes it, called through Django's WSGI application on the real PostgreSQL test
database with a read-write integration token. No answer may be a server error, and every answer must
match the schema (status code, content type, headers, body).

Schemathesis's pytest plugin (``@schema.parametrize()``) does not collect under pytest 9.2, so the
test drives its Python API: each operation's Hypothesis strategy under ``@given``, a few examples
each (``EXAMPLES``), with random path parameters and with the ids of real rows (so the details and
the actions are reached, not only their 404s). Every failure is collected, then reported together.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from escalation.models import Escalation
from incidents.tests.factories import make_incident
from regions.models import AdminUnit, Election
from risk.models import RiskInstrument
from risk.services import riskassessment_create, riskinstrument_load_defaults
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory
from training.tests.factories import ProgrammeFactory, SessionFactory

from .conftest import make_integration

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = 4  # per strategy of an operation: 36 operations, the whole test in one to two minutes
SCOPES = {
    "wilayah": "tulis",
    "pemangku": "tulis",
    "insiden": "tulis",
    "eskalasi": "tulis",
    "bimtek": "tulis",
    "kerawanan": "tulis",
    "peta": "tulis",
}


# What the schema cannot state but the API documents (docs/api.md, "Errors"): a schema-valid request
# may still be refused with 400 by a service's rule (an unknown area or category code, a date before
# 1900, a NUL character, a person outside the programme), 409 by the data's state, or 412 by a stale
# If-Match (no generator can know the incident's current version). Everything else of the default
# checks stands: no 5xx, status codes, content types, headers and bodies as the schema says.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412"]},
        "negative_data_rejection": {
            "expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428"]
        },
    }
}


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, keeping the test's connection (and so its transaction) open between
    requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def real_rows(kab_admin, reporter) -> dict[str, object]:
    """Rows for the path parameters: a report with its running escalation, a person, an organisation,
    a Bimtek programme with a session, a kerawanan assessment (the election is Kutai Timur's calendar)."""
    incident = make_incident(by_user=reporter, severity=5)
    escalation = Escalation.objects.filter(incident=incident).first()
    person = PersonFactory(full_name="Budi Santoso")
    PositionFactory(person=person)
    programme = ProgrammeFactory()
    session = SessionFactory(programme=programme)
    riskinstrument_load_defaults()
    assessment = riskassessment_create(
        instrument=RiskInstrument.objects.get(code="ikp-2024-kabkota"),
        area=AdminUnit.objects.get(code="64.08.04"),
        score=Decimal("49.33"),
        as_of=date(2024, 9, 1),
        by_user=kab_admin,
    )
    return {
        "number": incident.number,
        "code": "64.08.04",
        "escalation": escalation.pk if escalation else None,
        "person": person.pk,
        "organisation": OrganisationFactory().pk,
        "programme": programme.pk,
        "session": session.pk,
        "election": Election.objects.order_by("pk").first().pk,
        "assessment": assessment.pk,
    }


def _real_path_parameters(path: str, rows: dict[str, object]) -> dict[str, object] | None:
    """The real rows' ids for an operation's path parameters (None when the path has none)."""
    if "{" not in path:
        return None
    values: dict[str, object] = {}
    if "{number}" in path:
        values["number"] = rows["number"]
    if "{code}" in path:
        values["code"] = rows["code"]
    if "{session_pk}" in path:
        values["session_pk"] = rows["session"]
    if "{pk}" in path or "{id}" in path:
        key = "pk" if "{pk}" in path else "id"
        for prefix, row in (
            ("/api/v1/incidents/", "escalation"),
            ("/api/v1/people/", "person"),
            ("/api/v1/organisations/", "organisation"),
            ("/api/v1/programmes/", "programme"),
            ("/api/v1/elections/", "election"),
            ("/api/v1/risk-assessments/", "assessment"),
        ):
            if path.startswith(prefix):
                values[key] = rows[row]
    if "{name}" in path:
        values["name"] = "insiden"
    return {k: v for k, v in values.items() if v is not None} or None


def _described(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return exc.message  # Schemathesis's report: each failure, the answer, a curl line to reproduce
    return f"{type(exc).__name__}: {exc}"


@override_settings(API_RATE_PER_MINUTE=0)  # thousands of calls a minute: the rate limit is not under test
def test_every_operation_answers_without_server_errors_and_as_the_schema_says(wsgi_app, kab_admin, real_rows):
    _integration, token = make_integration(kab_admin, scopes=SCOPES, name="Schemathesis")
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", wsgi_app, config=SchemathesisConfig.from_dict(CONFIG)
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    failures: list[str] = []
    answered: dict[str, set[int]] = {}
    for operation in operations:
        real = _real_path_parameters(operation.path, real_rows)
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        if real:
            strategies += [operation.as_strategy(path_parameters=real)]

        @given(case=st.one_of(strategies))
        @settings(
            max_examples=EXAMPLES * len(strategies),
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call_and_validate(headers=headers)
            answered.setdefault(case.operation.label, set()).add(response.status_code)

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failures, reported together
            failures.append(f"{operation.label}:\n{_described(exc)}")
    assert not failures, f"{len(failures)} of {len(operations)} operations failed:\n\n" + "\n\n".join(
        failures
    )
    # The token works: every list, and the details of the real rows, answered 200 at least once.
    unread = [
        o.label for o in operations if o.method.upper() == "GET" and 200 not in answered.get(o.label, set())
    ]
    assert not unread, f"never answered 200: {unread}"
