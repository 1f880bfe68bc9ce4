"""The access matrix: every route of the URLconf, every demo role, in scope and out, GET and POST.

The routes are found, not listed: the URLconf is walked, and a route without a row in
``access_matrix_table.MATRIX`` (or a row without a route) fails the fast checks here, so a new
route cannot land without deciding who may use it. The whole Django admin is one row, tried on
its index, every model's list and an incident's change page.

The slow test (mark ``demo``) seeds the demo data once for the module in a transaction rolled back
afterwards, adds the objects of ``access_matrix_objects`` (one in Sangatta Utara, one in
Bengalon for every URL kwarg), and requests every route as every role: GET, and POST with an empty
body, each in a savepoint rolled back, so a POST that writes leaves the next request the same data.
Any answer that differs from the table, and any 500, fails it.

``ACCESS_MATRIX_RECORD=var/matrix.txt`` writes what every route answers today in the table's
format (to decide a new row from; every cell is then checked against the rule in the table's
docstring). Separately, a POST without a CSRF token is refused (403) on every route but the
webhooks listed in ``CSRF_EXEMPT``, which check their own signature.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access_matrix_objects import (
    OTHER_KAB,
    ROUTE_OBJECTS,
    ROUTE_QUERIES,
    MatrixObjects,
    matrix_objects_create,
    other_kabupaten_objects_create,
    route_other_path,
    route_paths,
)
from .access_matrix_table import MATRIX, OTHER_KABUPATEN_ROLES, ROLES, TWO_KABUPATEN_CELLS

ADMIN_ROW = "admin:*"
METHODS = ("GET", "POST")
# Routes that take a POST without Django's CSRF token, and why that is safe.
CSRF_EXEMPT = {
    "collect:submission_webhook": "KoboToolbox / ODK Central submissions, with the integration's secret",
    "notifications:whatsapp_webhook": "Meta's delivery receipts and people's messages, signed with the app secret (X-Hub-Signature-256)",
    "intake:sms_webhook": "the SMS gateway's inbound messages, authenticated by the shared secret (INTAKE_SMS_SECRET)",
    "intake:telegram_webhook": "Telegram's updates, authenticated by the webhook's secret token (TELEGRAM_WEBHOOK_SECRET)",
    "api:not_found": "any unknown path under /api/v1/: writes nothing, answers the 404 problem to a token's call too",
}
REDIRECTS = {301, 302, 303, 307, 308}


def is_api_view(route: Route) -> bool:
    """A view of the REST API (Django REST Framework): exempt from the CSRF middleware, since an
    integration's token call carries no cookie; DRF's SessionAuthentication checks the CSRF token itself
    for a call made with the browser's session."""
    from rest_framework.views import APIView

    cls = getattr(route.callback, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


def checks_session_csrf(route: Route) -> bool:
    from rest_framework.authentication import SessionAuthentication

    cls = route.callback.cls  # type: ignore[attr-defined]
    return any(issubclass(auth, SessionAuthentication) for auth in cls().authentication_classes)


# --- the URLconf ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: frozenset[str]
    callback: object


def url_routes() -> dict[str, Route]:
    """Every route of the URLconf by name (``namespace:name``), the admin as the one row ``admin:*``."""
    routes: dict[str, Route] = {}
    unnamed: list[str] = []

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    routes[ADMIN_ROW] = Route(ADMIN_ROW, frozenset(), None)
                    continue
                inner = f"{namespace}:{pattern.namespace}".lstrip(":") if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if not pattern.name:
                    unnamed.append(prefix + str(pattern.pattern))
                    continue
                name = f"{namespace}:{pattern.name}"
                assert name not in routes, f"two routes are named {name}"
                routes[name] = Route(name, frozenset(pattern.pattern.regex.groupindex), pattern.callback)

    walk(get_resolver().url_patterns, "", "/")
    assert not unnamed, f"routes without a name (the matrix keys rows by name): {unnamed}"
    return routes


def reverse_route(name: str, kwargs: dict) -> str:
    return reverse(name.removeprefix(":"), kwargs=kwargs or None)


# --- the table --------------------------------------------------------------------------------


def parse_cell(cell: str) -> tuple[frozenset[str], frozenset[str] | None]:
    """'200/404' -> ({'200'}, {'404'}); '200|503' -> ({'200', '503'}, None): same out of scope."""
    inside, _, outside = cell.partition("/")
    return frozenset(inside.split("|")), frozenset(outside.split("|")) if outside else None


def row_cells(name: str, method: str) -> dict[str, str]:
    cells = MATRIX[name][method].split()
    assert len(cells) == len(ROLES), f"{name} {method}: {len(cells)} cells for {len(ROLES)} roles"
    return dict(zip(ROLES, cells, strict=True))


def cell_of(observed: list[str], has_scope: bool) -> str:
    """The cell for what one role got: one answer, or in/out; several samples (admin) as a|b."""
    if not has_scope:
        return "|".join(sorted(set(observed)))
    inside, outside = observed
    return inside if inside == outside else f"{inside}/{outside}"


# --- fast checks: the table covers the URLconf --------------------------------------------------


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(url_routes())
    missing = sorted(routes - set(MATRIX))
    gone = sorted(set(MATRIX) - routes)
    assert not missing, (
        f"routes without a row in access_matrix_table.py: {missing}. Decide what each role gets "
        "(ACCESS_MATRIX_RECORD=var/matrix.txt shows what they get today)."
    )
    assert not gone, f"rows for routes that no longer exist: {gone}"


def test_every_row_has_a_cell_for_each_role_and_method():
    routes = url_routes()
    for name in sorted(set(MATRIX) & set(routes)):
        assert set(MATRIX[name]) == set(METHODS), f"{name}: methods {sorted(MATRIX[name])}"
        has_scope = name in ROUTE_OBJECTS or name in ROUTE_QUERIES
        for method in METHODS:
            for role, cell in row_cells(name, method).items():
                inside, outside = parse_cell(cell)
                assert all(
                    o == "login" or (o.isdigit() and len(o) == 3) for o in inside | (outside or set())
                ), f"{name} {method} {role}: {cell!r} is not an answer"
                assert "500" not in inside | (outside or set()), (
                    f"{name} {method} {role}: a 500 is never right"
                )
                if outside is not None:
                    assert has_scope, f"{name} {method} {role}: in/out for a route without objects"


def test_every_route_with_kwargs_has_its_objects():
    routes = url_routes()
    with_kwargs = {name for name, route in routes.items() if route.kwargs}
    missing = sorted(with_kwargs - set(ROUTE_OBJECTS))
    assert not missing, (
        f"routes with URL kwargs but no objects in access_matrix_objects.ROUTE_OBJECTS: {missing}"
    )
    assert not sorted(set(ROUTE_OBJECTS) - with_kwargs), "objects for routes without kwargs or gone"


def _sample_kwargs(route: Route) -> dict[str, str]:
    return dict.fromkeys(route.kwargs, "1")


def test_csrf_exempt_routes_are_exactly_the_listed_webhooks_and_the_api():
    routes = url_routes()
    exempt = {name for name, route in routes.items() if getattr(route.callback, "csrf_exempt", False)}
    api = {name for name, route in routes.items() if route.callback is not None and is_api_view(route)}
    assert api, "no REST API view found"
    assert all(name.startswith("api:") for name in api)
    assert exempt == set(CSRF_EXEMPT) | api


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_on_every_route(django_user_model, caplog):
    """CsrfViewMiddleware runs before any view: the object need not exist, nor the user be allowed.

    Refused by the CSRF check means a 403 logged by ``django.security.csrf``; the exempt webhooks
    must not be refused by it (an unsigned call is refused by their own signature check).
    """
    superuser = django_user_model.objects.create_superuser("csrf-matrix", "csrf@contoh.invalid", "x")
    anonymous = Client(enforce_csrf_checks=True)
    logged_in = Client(enforce_csrf_checks=True)
    logged_in.force_login(superuser)
    wrong = []
    for name, route in sorted(url_routes().items()):
        api = route.callback is not None and is_api_view(route)
        paths = (
            ["/admin/", "/admin/login/", "/admin/incidents/incident/"]
            if name == ADMIN_ROW
            else [reverse_route(name, _sample_kwargs(route))]
        )
        for client in (anonymous, logged_in):
            for path in paths:
                caplog.clear()
                with caplog.at_level("WARNING", logger="django.security.csrf"):
                    # The API reads JSON only (a form body is refused 415 before anything reads it).
                    response = (
                        client.post(path, "{}", content_type="application/json") if api else client.post(path)
                    )
                    status = response.status_code
                refused = status == 403 and any(r.name == "django.security.csrf" for r in caplog.records)
                if api:
                    # The middleware never refuses an API call; DRF refuses a session's call without the token.
                    session_refused = (
                        client is logged_in
                        and checks_session_csrf(route)
                        and status == 403
                        and b"CSRF" in response.content
                    )
                    if refused or session_refused != (client is logged_in and checks_session_csrf(route)):
                        wrong.append(f"{name} {path} -> {status}")
                elif refused == (name in CSRF_EXEMPT):
                    wrong.append(f"{name} {path} -> {status}")
    assert not wrong, "POST without a CSRF token answered otherwise than expected:\n" + "\n".join(wrong)


# --- the slow test: every role against every route on demo data ----------------------------------


@dataclass
class Matrix:
    objects: MatrixObjects
    users: dict[str, object]
    sessions: dict[str, str]
    # The other kabupaten's roles and the provincial office (OTHER_KABUPATEN_ROLES), by role.
    other_sessions: dict[str, str]


TWO_KABUPATEN = ["64.08", OTHER_KAB]


def _login(client: Client, user) -> str:
    from mfa.testing import force_login_verified

    force_login_verified(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """Demo data, the matrix's objects and a session per role, in a transaction rolled back after the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    storages = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(media)}},
    }
    overrides = {
        "STORAGES": storages,
        "MEDIA_ROOT": str(media),
        # The sessions are made once: a slow machine must not see the sensitive roles' idle timeout end them.
        "SESSION_IDLE_TIMEOUT": 86400,
        "SESSION_IDLE_TIMEOUT_SENSITIVE": 86400,
        # Likewise the Bimtek session's self check-in QR token, made once with the objects.
        "TRAINING_CHECKIN_QR_TTL_S": 86400,
        # /healthz waits this long for a worker, which this test does not run, for every role.
        "HEALTH_WORKER_TIMEOUT_S": 0.1,
    }
    with override_settings(**overrides), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, verbosity=0)
            objects = matrix_objects_create()
            with override_settings(KABUPATEN_CODES=TWO_KABUPATEN):
                others = other_kabupaten_objects_create(objects)
            User = get_user_model()
            users = {
                role: User.objects.get(username=username) for role, username in ROLES.items() if username
            }
            sessions = {role: _login(Client(), user) for role, user in users.items()}
            other_sessions = {role: _login(Client(), others[role]) for role in OTHER_KABUPATEN_ROLES}
            yield Matrix(objects=objects, users=users, sessions=sessions, other_sessions=other_sessions)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def outcome(response) -> str:
    if response.status_code in REDIRECTS:
        location = urlsplit(response.get("Location", "")).path
        return "login" if location == str(settings.LOGIN_URL_PATH) else "302"
    return str(response.status_code)


def _admin_paths(objects: MatrixObjects) -> list[str]:
    """The admin's index, every registered model's list, and the change page of the in-scope incident."""
    paths = ["/admin/"]
    paths += [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    from incidents.models import Incident

    number = objects.pairs["incident"][0]["number"]
    incident = Incident.objects.get(number=number)
    paths.append(reverse("admin:incidents_incident_change", args=[incident.pk]))
    return paths


def _request(client: Client, method: str, path: str, session: str | None) -> str:
    client.cookies = SimpleCookie()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    savepoint = transaction.savepoint()
    try:
        response = client.get(path) if method == "GET" else client.post(path, {})
        return outcome(response)
    finally:
        transaction.savepoint_rollback(savepoint)


def _record(observed: dict[str, dict[str, dict[str, str]]], path: str) -> None:
    """Write the observed matrix in the table's format, a header of role names above each app's rows."""
    widths = {
        role: max(len(role), *(len(observed[n][m][role]) for n in observed for m in METHODS))
        for role in ROLES
    }
    header = "    #" + " " * 11 + "  ".join(role.ljust(widths[role]) for role in ROLES).rstrip()
    lines = ["MATRIX: dict[str, dict[str, str]] = {"]
    app = None
    for name in sorted(observed):
        if name.split(":")[0] != app:
            app = name.split(":")[0]
            lines.append(header)
        lines.append(f'    "{name}": {{')
        for method in METHODS:
            cells = "  ".join(observed[name][method][role].ljust(widths[role]) for role in ROLES).rstrip()
            key = f'"{method}":'
            lines.append(f'        {key.ljust(8)}"{cells}",')
        lines.append("    },")
    lines.append("}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.demo
@pytest.mark.django_db
@pytest.mark.timeout(1800)
def test_every_role_gets_what_the_matrix_says_on_demo_data(matrix):
    routes = url_routes()
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    observed: dict[str, dict[str, dict[str, str]]] = {}
    failures: list[str] = []
    requests = 0
    started = time.monotonic()
    for name in sorted(routes):
        if name == ADMIN_ROW:
            targets = _admin_paths(matrix.objects)
            has_scope = False
        else:
            inside, outside = route_paths(name, matrix.objects)
            targets = [inside] if outside is None else [inside, outside]
            has_scope = outside is not None
        observed[name] = {}
        for method in METHODS:
            expected = row_cells(name, method) if name in MATRIX else {}
            observed[name][method] = {}
            for role in ROLES:
                answers = [
                    _request(clients[role], method, path, matrix.sessions.get(role)) for path in targets
                ]
                requests += len(answers)
                observed[name][method][role] = cell = cell_of(answers, has_scope)
                if "500" in answers:
                    failures.append(f"{name} {method} {role}: 500 ({cell})")
                    continue
                if role not in expected:
                    continue
                inside, outside = parse_cell(expected[role])
                sides = (answers[:1], answers[1:]) if has_scope else (answers, [])
                ok = all(a in inside for a in sides[0]) and all(a in (outside or inside) for a in sides[1])
                if not ok:
                    failures.append(f"{name} {method} {role}: expected {expected[role]}, got {cell}")
    elapsed = time.monotonic() - started
    record = os.environ.get("ACCESS_MATRIX_RECORD")
    if record:
        _record(observed, record)
    print(f"access matrix: {len(routes)} routes x {len(ROLES)} roles, {requests} requests in {elapsed:.0f} s")  # noqa: T201
    assert not failures, f"{len(failures)} cells differ from access_matrix_table.py:\n" + "\n".join(failures)


# --- the same table with a second kabupaten served ------------------------------------------------

# Answers that refuse the route itself (before any object is looked up): the same wherever the object is.
REFUSALS = frozenset({"401", "403", "404", "405", "login"})


def other_kabupaten_cell(cell: str, *, sees_all: bool = False) -> str:
    """What a role gets for the object in a kabupaten that is not theirs, from its cell in the table.

    What it is refused anyway stays refused; anything else is out of scope, a 404. A superuser
    (``sees_all``) gets what it gets in scope. A role's out-of-scope answer inside its own kabupaten
    (Bengalon for a camat) is the refusal it keeps.
    """
    inside, outside = parse_cell(cell)
    if sees_all:
        return "|".join(sorted(inside))
    answers = outside or inside
    return "|".join(sorted(answers)) if answers <= REFUSALS else "404"


def two_kabupaten_expected(
    name: str, method: str, *, has_other: bool, has_objects: bool
) -> list[tuple[str, str, str]]:
    """(role, target, expected cell) for every request the two-kabupaten pass makes on a route.

    Targets: ``in``/``out`` are the Kutai Timur objects (Sangatta Utara, Bengalon), ``other`` the
    Bontang one (``has_other``: the route's kind has one). Kutai Timur's roles get the other
    kabupaten's object as out of scope, and Kesbangpol, no longer administering the whole
    installation, keeps its own kabupaten's cells. The other kabupaten's roles mirror a Kutai Timur
    role (OTHER_KABUPATEN_ROLES): its in-scope cell on their own kabupaten's object (or on a route
    without objects), out of scope on Kutai Timur's; the provincial office sees both kabupaten as the
    kabupaten's leaders see theirs. TWO_KABUPATEN_CELLS overrides a cell with its reason.
    """
    cells = row_cells(name, method)
    overrides = TWO_KABUPATEN_CELLS.get(name, {}).get(method, {})

    def part(cell: str, side: int) -> str:
        inside, outside = parse_cell(cell)
        return "|".join(sorted(outside or inside if side else inside))

    rows: list[tuple[str, str, str]] = []
    for role, cell in cells.items():
        rows.append((role, "other", other_kabupaten_cell(cell, sees_all=role == "admin")))
    rows += [
        ("kesbangpol", "in", part(cells["kesbangpol"], 0)),
        ("kesbangpol", "out", part(cells["kesbangpol"], 1)),
    ]
    for role, mirrored in OTHER_KABUPATEN_ROLES.items():
        cell = cells[mirrored]
        if role == "provinsi":
            rows += [
                (role, "in", part(cell, 0)),
                (role, "out", part(cell, 1)),
                (role, "other", part(cell, 0)),
            ]
        elif has_other:
            rows += [(role, "other", part(cell, 0)), (role, "in", other_kabupaten_cell(cell))]
        elif not has_objects:
            # A route without objects: what the mirrored role gets in its own kabupaten, overrides included.
            rows.append((role, "in", overrides.get((mirrored, "in"), part(cell, 0))))
    return [(role, target, overrides.get((role, target), expected)) for role, target, expected in rows]


@pytest.mark.demo
@pytest.mark.django_db
@pytest.mark.timeout(1800)
def test_a_second_kabupaten_keeps_its_own_scope_on_demo_data(matrix):
    """Kota Bontang served beside Kutai Timur: every route with an object, every role of either
    kabupaten and a provincial office, as ``two_kabupaten_expected`` derives it from the table.

    A route without an object in Bontang is asked by the roles whose column changes (Kutai Timur's
    Kesbangpol, the other kabupaten's roles), on the Kutai Timur objects only."""
    routes = url_routes()
    client = Client(raise_request_exception=False)
    sessions = {**matrix.sessions, **matrix.other_sessions}
    failures: list[str] = []
    requests = 0
    started = time.monotonic()
    with override_settings(KABUPATEN_CODES=TWO_KABUPATEN):
        for name in sorted(set(routes) - {ADMIN_ROW}):
            inside, outside = route_paths(name, matrix.objects)
            paths = {"in": inside, "out": outside, "other": route_other_path(name, matrix.objects)}
            for method in METHODS:
                expected_rows = two_kabupaten_expected(
                    name,
                    method,
                    has_other=paths["other"] is not None,
                    has_objects=name in ROUTE_OBJECTS or name in ROUTE_QUERIES,
                )
                for role, target, expected in expected_rows:
                    path = paths[target]
                    if path is None:
                        continue
                    answer = _request(client, method, path, sessions.get(role))
                    requests += 1
                    allowed = parse_cell(expected)[0]
                    if answer not in allowed or answer == "500":
                        failures.append(
                            f"{name} {method} {role} on {target}: expected {expected}, got {answer}"
                        )
    elapsed = time.monotonic() - started
    print(f"access matrix, two kabupaten: {requests} requests in {elapsed:.0f} s")  # noqa: T201
    failures = sorted(set(failures))
    assert not failures, f"{len(failures)} answers differ with two kabupaten:\n" + "\n".join(failures)
