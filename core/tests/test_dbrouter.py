"""The routing rule of core.dbrouter, without a replica server (the real one: test_dbrouter_replica.py)."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core import dbrouter
from core.dbrouter import PIN_COOKIE, PrimaryReplicaRouter, primary_reads, read_alias, replica_reads
from pilkada_mitigasi.middleware import ReplicaPinMiddleware


@pytest.fixture
def with_replica(monkeypatch, settings):
    """Settings that name a replica (nothing connects to it: only the router's answers are read)."""
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    settings.DATABASE_REPLICA_PIN_S = 15


def test_without_a_replica_every_read_goes_to_the_primary():
    with replica_reads():
        assert read_alias() == "default"
        assert PrimaryReplicaRouter().db_for_read(None) == "default"


def test_the_test_settings_define_no_replica_alias(settings):
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == ["core.dbrouter.PrimaryReplicaRouter"]


def test_only_reads_inside_replica_reads_go_to_the_replica(with_replica):
    assert read_alias() == "default"
    with replica_reads():
        assert PrimaryReplicaRouter().db_for_read(None) == "replica"
    assert read_alias() == "default"


def test_replica_reads_works_as_a_view_decorator(with_replica):
    @replica_reads()
    def view():
        return read_alias()

    assert view() == "replica"
    assert read_alias() == "default"


def test_primary_reads_wins_over_an_inner_replica_block(with_replica):
    with primary_reads(), replica_reads():
        assert read_alias() == "default"
    with replica_reads():
        assert read_alias() == "replica"


def test_writes_and_migrations_stay_on_the_primary(with_replica):
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_write(None) == "default"
        assert read_alias() == "replica"
    assert router.allow_migrate("default", "incidents") is True
    assert router.allow_migrate("replica", "incidents") is False


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    with replica_reads():
        assert read_alias() == "replica"
        with transaction.atomic():
            assert read_alias() == "default"
        assert read_alias() == "replica"


def _seen_alias(request):
    with replica_reads():
        response = HttpResponse()
        response.alias = read_alias()
        return response


def test_a_browser_that_wrote_reads_from_the_primary_until_its_pin_expires(with_replica):
    middleware = ReplicaPinMiddleware(_seen_alias)
    factory = RequestFactory()

    assert middleware(factory.get("/")).alias == "replica"
    posted = middleware(factory.post("/"))
    assert posted.alias == "default"
    assert posted.cookies[PIN_COOKIE]["max-age"] == 15
    assert posted.cookies[PIN_COOKIE]["httponly"] is True

    pinned = factory.get("/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert middleware(pinned).alias == "default"
    assert read_alias() == "default"
    assert middleware(factory.get("/")).alias == "replica"


def test_without_a_replica_the_middleware_sets_no_cookie():
    response = ReplicaPinMiddleware(_seen_alias)(RequestFactory().post("/"))
    assert PIN_COOKIE not in response.cookies
