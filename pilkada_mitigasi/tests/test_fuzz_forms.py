"""Fuzzing: generated values posted to every form and every filter never give a 500.

The forms are found, not listed: every page of the URLconf a kabupaten administrator
(``kesbangpol`` from the demo data) can open is fetched, and each ``<form method=post>`` on it
(including the action forms of detail pages, which post to routes of their own) and each filter
form (``<form method=get>``) is parsed for its field names and ``<select>`` options. A new form is
therefore fuzzed as soon as a page shows it.

Hypothesis then draws one value per field from a mix of hostile inputs (NUL bytes, 100 KB strings,
dates in year 1 and 9999, RTL overrides, emoji, negative and huge numbers, empty strings) and of
valid option values. Every answer must be a page, a redirect or a 4xx, never a 500; an answer that
is not a redirect refused the form, so the domain tables must have kept their row counts (nothing
half-written). Each request runs in a savepoint that is rolled back, on demo data seeded once for
the module in a transaction rolled back afterwards.

Bounded for ``make test`` (derandomized, a few examples per form); to search harder locally:
``FUZZ_EXAMPLES=50 pytest pilkada_mitigasi/tests/test_fuzz_forms.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.demo, pytest.mark.django_db, pytest.mark.timeout(900)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

ADMIN_USERNAME = "kesbangpol"
IN_KEC = "64.08.04"  # Sangatta Utara

# The apps whose tables a refused form must leave untouched.
DOMAIN_APPS = ("regions", "stakeholders", "risk", "incidents", "training", "notifications", "situation")

# Routes whose POST is not a form of the app's data: leaving them out keeps the session usable.
NOT_FUZZED = {":logout", ":login", "mfa:verify", "mfa:recovery"}

# Routes whose successful POST answers 200 with a page rather than a redirect: the account page shows
# a one-time code it has just issued, once, so it cannot redirect. Their answers are still checked
# for 500s; only the "a page means refused, so nothing was written" check is left out.
SUCCESS_IS_A_PAGE = {"stakeholders:person_account"}

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "0001-01-01",
    "9999-12-31",
    "31/12/9999 23:59",
    "01/01/0001 07:00",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "\u202etxt.exe",
    "Camat \u202eSangatta\u202c Utara",
    "🗳️🔥🇮🇩" * 20,
    "-1",
    "0",
    str(10**30),
    str(-(10**30)),
    "1e308",
    "NaN",
    "-0.5",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://contoh.invalid","klik")',
    "../../etc/passwd",
    "2147483648",
    "999999999999",
]
FILE_NAMES = ["bukti.jpg", "\u202egpj.hta", "gambar.svg", "a" * 300 + ".pdf", "🗳️.xlsx", "data.csv"]


# --- finding the forms ------------------------------------------------------------------------


@dataclass
class Form:
    """A form as a browser would submit it: where, how, and what each named field may hold."""

    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values
    files: set[str] = field(default_factory=set)
    multiple: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    """Every <form> of a page with its named inputs, textareas and selects (with option values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name"):
            if tag == "option" and form is not None and self._select:
                form.fields[self._select].append(a.get("value", ""))
            return
        name = a["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind == "file":
                form.files.add(name)
            values = form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio", "hidden") or a.get("value"):
                values.append(a.get("value", "on"))
            if kind == "checkbox":
                form.multiple.add(name)
        elif tag == "textarea":
            form.fields.setdefault(name, [])
        elif tag == "select":
            form.fields.setdefault(name, [])
            self._select = name
            if "multiple" in a:
                form.multiple.add(name)
        elif tag == "option" and self._select:
            form.fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _model(label: str):
    return apps.get_model(label)


def _first_pk(label: str, **filters) -> int | None:
    return _model(label).objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _incident_numbers() -> list[str]:
    """One incident in Sangatta Utara for each status."""
    numbers: dict[str, str] = {}
    for status, number in (
        _model("incidents.Incident")
        .objects.filter(area_code__startswith=IN_KEC + ".")
        .order_by("pk")
        .values_list("status", "number")
    ):
        numbers.setdefault(status, number)
    return list(numbers.values())


def _page_kwargs(keys: set[str], name: str) -> dict | None:
    """URL kwargs of a demo object for the page ``name`` (in Sangatta Utara), None if there is none."""
    programme = _first_pk("training.Programme")
    person = (
        _model("stakeholders.Position")
        .objects.filter(area__code=IN_KEC, end_date__isnull=True, person__user__isnull=True)
        .order_by("pk")
        .values_list("person_id", flat=True)
        .first()
    )
    by_name = {
        "risk:riskassessment_detail": lambda: {"pk": _first_pk("risk.RiskAssessment")},
        "situation:sitrep_detail": lambda: {"pk": _first_pk("situation.SituationReport")},
        "regions:adminunit_detail": lambda: {"code": IN_KEC},
        "stakeholders:organisation_detail": lambda: {"pk": _first_pk("stakeholders.Organisation")},
        "stakeholders:organisation_update": lambda: {"pk": _first_pk("stakeholders.Organisation")},
        "stakeholders:forum_detail": lambda: {"pk": _first_pk("stakeholders.Forum")},
        "stakeholders:forum_update": lambda: {"pk": _first_pk("stakeholders.Forum")},
        "stakeholders:forumseat_create": lambda: {"pk": _first_pk("stakeholders.Forum")},
        "stakeholders:contactpoint_update": lambda: {
            "pk": _first_pk("stakeholders.ContactPoint", person_id=person)
        },
        "training:checkin_submit": lambda: {
            "pk": programme,
            "session_pk": _first_pk("training.Session", programme_id=programme),
        },
        "training:attendance_sheet": lambda: {
            "pk": programme,
            "session_pk": _first_pk("training.Session", programme_id=programme),
        },
        "stakeholders:contactpoint_create": lambda: {"pk": person},
        "stakeholders:position_create": lambda: {"pk": person},
        "training:test_take": lambda: {"pk": programme, "kind": "pre"},
        "mfa:reset": lambda: {"user_id": get_user_model().objects.get(username="pelapor.sangatta.utara").pk},
    }
    if name in by_name:
        kwargs = by_name[name]()
    elif keys == {"pk"} and name.startswith("training:"):
        kwargs = {"pk": programme}
    elif keys == {"pk"} and name.startswith("stakeholders:person"):
        kwargs = {"pk": person}
    else:
        return None
    if kwargs is None or any(value is None for value in kwargs.values()):
        return None
    return kwargs


def page_routes() -> list[tuple[str, set[str]]]:
    """Every named route of the URLconf (outside the Django admin) with its URL kwargs' names."""
    routes: list[tuple[str, set[str]]] = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}:{pattern.namespace}".lstrip(":") if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                routes.append((f"{namespace}:{pattern.name}", set(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return routes


def _route_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if ":" in match.view_name else f":{match.view_name}"


def _crawl(client: Client) -> tuple[dict[str, Form], dict[str, Form]]:
    """(post forms by route, filter forms by list route) of every page the administrator opens."""
    post_forms: dict[str, Form] = {}
    filter_forms: dict[str, Form] = {}
    pages: list[tuple[str, dict]] = []
    for name, keys in page_routes():
        if keys == {"number"}:
            # one incident per status, so that every action form of the incident page is shown
            pages += [(name, {"number": number}) for number in _incident_numbers()]
            continue
        kwargs = _page_kwargs(keys, name) if keys else {}
        if kwargs is not None:
            pages.append((name, kwargs))
    for name, kwargs in pages:
        try:
            url = reverse(name.lstrip(":"), kwargs=kwargs)
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser()
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.forms:
            action = urlsplit(form.action).path or url
            target = _route_name(action)
            if target is None or target in NOT_FUZZED:
                continue
            form.action = action
            if form.method == "post":
                post_forms.setdefault(target, form)
            elif form.fields and target == name:
                filter_forms.setdefault(target, form)
    return post_forms, filter_forms


# --- the fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_forms(django_db_setup, django_db_blocker):
    """The demo data and the forms its pages show, in a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, verbosity=0)
            admin = get_user_model().objects.get(username=ADMIN_USERNAME)
            client = Client(raise_request_exception=False)
            from mfa.testing import force_login_verified

            force_login_verified(client, admin)
            savepoint = transaction.savepoint()
            post_forms, filter_forms = _crawl(client)
            transaction.savepoint_rollback(savepoint)
            yield admin, post_forms, filter_forms
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _domain_counts() -> dict[str, int]:
    """The row count of every domain table, in one query (two per example, ~60 tables each)."""
    models = [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    counts = ", ".join(f"(SELECT count(*) FROM {quote(model._meta.db_table)})" for model in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}


# --- the strategies ---------------------------------------------------------------------------


def _value(offered: list[str]) -> st.SearchStrategy[str]:
    choices = [v for v in offered if v] or [""]
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(choices),
        st.text(max_size=30),
    )


def _payload(data: st.DataObject, form: Form) -> dict:
    payload: dict = {}
    for name, offered in form.fields.items():
        if name in form.files:
            if data.draw(st.booleans()):
                payload[name] = SimpleUploadedFile(
                    data.draw(st.sampled_from(FILE_NAMES)), data.draw(st.binary(max_size=2048))
                )
            continue
        if data.draw(st.integers(0, 9)) == 0:
            continue  # a field left out of the request altogether
        if name in form.multiple and len(offered) > 1:
            payload[name] = data.draw(st.lists(_value(offered), max_size=3))
        else:
            payload[name] = data.draw(_value(offered))
    return payload


# --- the tests --------------------------------------------------------------------------------


def _fuzzer(name: str, form: Form, attempt):
    @FUZZ_SETTINGS
    @given(data=st.data())
    def fuzz(data):
        attempt(name, form, data)

    return fuzz


def _fuzz_each(forms: dict[str, Form], attempt) -> list[str]:
    """Run ``attempt`` under Hypothesis for every form; the routes where it failed, with why."""
    failures: list[str] = []
    for name, form in sorted(forms.items()):
        try:
            _fuzzer(name, form, attempt)()
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    return failures


def test_generated_posts_to_every_form_answer_without_500_and_write_nothing_when_refused(demo_forms):
    admin, post_forms, _filters = demo_forms
    assert len(post_forms) > 30, sorted(post_forms)
    client = Client(raise_request_exception=False)

    def attempt(name: str, form: Form, data) -> None:
        payload = _payload(data, form)
        savepoint = transaction.savepoint()
        try:
            client.force_login(admin)
            before = _domain_counts()
            response = client.post(form.action, payload)
            assert response.status_code != 500, f"500 for {sorted(payload)}"
            if response.status_code not in (301, 302, 303) and name not in SUCCESS_IS_A_PAGE:
                changed = {k: (v, n) for k, v in before.items() if (n := _domain_counts()[k]) != v}
                assert not changed, f"refused ({response.status_code}) but wrote {changed}"
        finally:
            transaction.savepoint_rollback(savepoint)

    failures = _fuzz_each(post_forms, attempt)
    assert not failures, "\n".join(failures)


def test_generated_filters_on_every_list_page_answer_without_500(demo_forms):
    admin, _posts, filter_forms = demo_forms
    assert len(filter_forms) > 5, sorted(filter_forms)
    client = Client(raise_request_exception=False)
    client.force_login(admin)

    def attempt(name: str, form: Form, data) -> None:
        params = _payload(data, form)
        query = urlencode(params, doseq=True)
        for extra in ("", "&sampai=9999-12-31&dari=0001-01-01", "&%00=%00", "&q=%00"):
            savepoint = transaction.savepoint()
            try:
                response = client.get(f"{form.action}?{query}{extra}")
                assert response.status_code != 500, f"500 for ?{query[:300]}{extra}"
            finally:
                transaction.savepoint_rollback(savepoint)

    failures = _fuzz_each(filter_forms, attempt)
    assert not failures, "\n".join(failures)
