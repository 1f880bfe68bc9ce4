"""Reusable test helpers: the four-way view access check every view is tested with (NetBox style), and
wait_until for what a worker thread does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.test import Client

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class ViewAccessCase:
    """One view and the three users to try it with; anonymous is always tried too."""

    url: str
    without_permission: User
    in_scope: User
    out_of_scope: User | None = None
    method: str = "get"
    data: dict | None = None
    # What the permitted, in-scope user gets: 200 for a page, 302 for a form post.
    ok_status: tuple[int, ...] = (200,)


def _call(client: Client, case: ViewAccessCase):
    return getattr(client, case.method)(case.url, case.data or {})


def assert_view_access(case: ViewAccessCase) -> None:
    """Anonymous -> login redirect; no permission -> 403 (or 404); in scope -> ok; out of scope -> 404."""
    anonymous = _call(Client(), case)
    assert anonymous.status_code == 302, f"anonymous got {anonymous.status_code} for {case.url}"
    assert anonymous["Location"].startswith(str(settings.LOGIN_URL_PATH)), anonymous["Location"]

    client = Client()
    client.force_login(case.without_permission)
    denied = _call(client, case)
    assert denied.status_code in (403, 404), (
        f"user without permission got {denied.status_code} for {case.url}"
    )

    client = Client()
    client.force_login(case.in_scope)
    allowed = _call(client, case)
    assert allowed.status_code in case.ok_status, f"permitted user got {allowed.status_code} for {case.url}"

    if case.out_of_scope is not None:
        client = Client()
        client.force_login(case.out_of_scope)
        hidden = _call(client, case)
        assert hidden.status_code == 404, f"user out of scope got {hidden.status_code} for {case.url}"


def wait_until(predicate, *, timeout: float = 15.0, interval: float = 0.02, message: str = ""):
    """Poll predicate() until it returns something truthy and return that; AssertionError after timeout.

    Tests derive timeout from the settings they set (a retry delay, a time limit, a countdown), so a
    wait is as long as the behaviour needs and no fixed sleep guesses it.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(message or f"condition not met within {timeout} s")
        time.sleep(interval)


def celery_worker_idle() -> bool:
    """True when the test worker (a thread of this process) runs, holds and awaits no task, and its
    queues are empty: what a test waits for before asserting that something did not happen."""
    import time

    from celery import current_app as app
    from celery.worker import state

    from core.conf import queues

    def idle_now() -> bool:
        # scheduled_requests is newer than celery-types' stubs.
        scheduled = state.scheduled_requests  # type: ignore[attr-defined]
        for requests in (state.active_requests, state.reserved_requests, scheduled):
            if any(request.id not in state.revoked for request in list(requests)):
                return False
        with app.connection_for_read() as connection:
            client = connection.default_channel.client  # type: ignore[attr-defined]  # Redis transport
            return not any(client.llen(queue) for queue in queues())

    # Twice, a moment apart: a message the worker has just taken off the queue is in neither place
    # for an instant.
    if not idle_now():
        return False
    time.sleep(0.1)
    return idle_now()


def table_row_counts() -> dict[str, int]:
    """The exact number of rows of every table of this database, by table name (one query)."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = [
            name
            for name in connection.introspection.table_names(cursor)
            if name not in ("django_migrations",)
        ]
        if not tables:
            return {}
        # Table names from the database's own catalogue, quoted; the names as parameters.
        union = " UNION ALL ".join(
            f"SELECT %s, count(*) FROM {connection.ops.quote_name(name)}"  # noqa: S608
            for name in tables
        )
        cursor.execute(union, tables)
        return dict(cursor.fetchall())


def assert_rows_unchanged(before: dict[str, int]) -> None:
    """Every table holds as many rows as in ``before`` (``table_row_counts()``); the differences named."""
    after = table_row_counts()
    changed = {
        name: (before.get(name, 0), count) for name, count in after.items() if before.get(name, 0) != count
    }
    assert not changed, f"rows left or taken (table: before, after): {changed}"


def picker_choose(page, select: str, typed: str, *, pick: str):
    """In a real browser, type ``typed`` into the search-as-you-type picker of the ``select`` (CSS) and
    click the option showing ``pick``; returns the option's text (name, office, organisation, area)."""
    from playwright.sync_api import expect

    page.wait_for_selector(f"{select}.tomselected", state="attached")
    wrapper = page.locator(select).locator(
        "xpath=following-sibling::div[contains(concat(' ', @class, ' '), ' ts-wrapper ')][1]"
    )
    wrapper.locator(".ts-control").click()
    wrapper.locator("input").first.fill(typed)
    option = wrapper.locator(".ts-dropdown .option", has_text=pick).first
    option.wait_for()
    text = option.inner_text()
    option.click()
    if page.locator(select).get_attribute("multiple") is None:
        # A single choice closes the list: the form's next button is not covered.
        expect(wrapper.locator(".ts-dropdown")).to_be_hidden()
    return text


def assert_readable_table(sheet, *, min_row_count: int = 1) -> None:
    """An exported worksheet reads as a table (issue 17): header frozen, a filter over every column,
    columns sized for their content rather than all at the default width."""
    from openpyxl.utils import get_column_letter

    assert sheet.freeze_panes == "A2", f"{sheet.title}: header not frozen"
    assert sheet.auto_filter.ref, f"{sheet.title}: no filter"
    assert sheet.auto_filter.ref.startswith("A1:"), sheet.auto_filter.ref
    assert sheet.max_row >= min_row_count
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, sheet.max_column + 1)]
    assert len(set(widths)) > 1 or widths[0] != 13, f"{sheet.title}: every column at the default width"
    assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), (
        f"{sheet.title}: header not bold"
    )
