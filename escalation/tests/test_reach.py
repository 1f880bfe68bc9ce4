"""Who a step reached: the panel and the timeline count a person only when a delivery reached them.

Real PostgreSQL; the providers are a local HTTP server (pytest-httpserver), so the real channel code
runs. Deliveries are performed in the test, one after another, as a worker would.
"""

import json

import pytest
from werkzeug import Response

from escalation.services import escalation_acknowledge, escalation_step_run
from incidents.choices import EventKind
from incidents.models import IncidentEvent
from incidents.tests.factories import make_incident
from notifications.choices import PENDING_STATUSES, Channel, Reach
from notifications.models import Delivery, InboxItem
from notifications.services import delivery_perform
from notifications.tests.conftest import providers  # noqa: F401 - the local provider fixture
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint
from stakeholders.tests.factories import UserFactory

from .factories import forum_holders

pytestmark = pytest.mark.django_db

DANRAMIL_WA = "+6281170009999"


def _run_first_step(incident):
    escalation = incident.escalations.get()
    assert escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1) == "ran"
    return escalation


def _send_everything(escalation):
    """Perform every pending delivery (and the fallbacks they queue) until none is left."""
    for _ in range(10):
        pending = list(
            Delivery.objects.filter(message__group_key=escalation.group_key, status__in=PENDING_STATUSES)
        )
        if not pending:
            return
        for delivery in pending:
            delivery_perform(delivery_id=delivery.pk)
    raise AssertionError("deliveries still pending")


def _whatsapp(request):
    """WhatsApp Cloud: the Danramil's number has no WhatsApp (131026); every other number is accepted."""
    if json.loads(request.data)["to"] == DANRAMIL_WA.lstrip("+"):
        body = {"error": {"code": 131026, "message": "Message undeliverable"}}
        return Response(json.dumps(body), status=400, content_type="application/json")
    return Response(json.dumps({"messages": [{"id": "wamid.ok"}]}), content_type="application/json")


@pytest.fixture
def forkopimcam(kutim, providers, settings):  # noqa: F811
    """Camat (account, Telegram), Kapolsek (no account, WhatsApp) and Danramil (no account; WhatsApp on a
    number without WhatsApp, SMS on an installation without an SMS gateway)."""
    settings.SMS_GATEWAY_URL = ""
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": True, "result": {"message_id": 5}}
    )
    providers.expect_request("/1055/messages").respond_with_handler(_whatsapp)
    camat, kapolsek, danramil = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL], contact=None
    )
    camat.user = UserFactory(username="camat.reach")
    camat.save()
    ContactPoint.objects.create(person=camat, kind=ContactKind.TELEGRAM, value="4242", verified=True)
    ContactPoint.objects.create(
        person=kapolsek, kind=ContactKind.WHATSAPP, value="+6281170001111", verified=True
    )
    ContactPoint.objects.create(
        person=danramil, kind=ContactKind.WHATSAPP, value=DANRAMIL_WA, verified=True, preference=1
    )
    ContactPoint.objects.create(
        person=danramil, kind=ContactKind.PHONE, value=DANRAMIL_WA, verified=True, preference=2
    )
    return camat, kapolsek, danramil


def _result_event(incident):
    return IncidentEvent.objects.get(
        incident=incident, kind=EventKind.ESCALATION_STEP, note__startswith="Hasil langkah"
    )


def test_the_timeline_counts_only_the_people_a_delivery_reached(forkopimcam):
    camat, kapolsek, danramil = forkopimcam
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    step = IncidentEvent.objects.get(incident=incident, kind=EventKind.ESCALATION_STEP)
    assert "peringatan dikirim kepada 3 orang" in step.note
    assert "dihubungi" not in step.note
    _send_everything(escalation)
    event = _result_event(incident)
    assert event.note.startswith("Hasil langkah 1: 2 dari 3 orang terjangkau; 1 tidak terjangkau: ")
    assert f"{danramil} (" in event.note
    assert "Di aplikasi: Tidak punya akun aktif di aplikasi" in event.note
    assert "WhatsApp: Alamat atau nomor tujuan ditolak penyedia" in event.note
    assert "SMS: Kanal ini belum disiapkan di server" in event.note
    assert "NotConfiguredError" not in event.note
    assert event.new["_reached"] == sorted([camat.pk, kapolsek.pk]) or set(event.new["_reached"]) == {
        camat.pk,
        kapolsek.pk,
    }
    assert event.new["_not_reached"] == [danramil.pk]
    assert event.alarm


def test_the_result_is_written_once_however_many_deliveries_settle(forkopimcam):
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    _send_everything(escalation)
    # A late provider report (a retry by hand, a webhook) settles again: still one result event.
    delivery = Delivery.objects.filter(
        message__group_key=escalation.group_key, channel=Channel.WHATSAPP
    ).first()
    from notifications.hooks import delivery_settled_hooks_run

    delivery_settled_hooks_run(message_keys=[delivery.message.idempotency_key])
    assert IncidentEvent.objects.filter(incident=incident, note__startswith="Hasil langkah").count() == 1


def test_the_panel_shows_who_was_not_reached_in_red_with_the_reasons(forkopimcam, client, kab_admin):
    _, _, danramil = forkopimcam
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    _send_everything(escalation)
    client.force_login(kab_admin)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "2 dari 3 orang terjangkau" in page
    assert page.count('data-state="tidak_terjangkau"') == 1
    assert page.count('data-state="terjangkau"') == 2
    row = page.split('data-state="tidak_terjangkau"')[1].split("</li>")[0]
    assert str(danramil) in row
    assert "Tidak punya akun aktif di aplikasi" in row
    assert "Alamat atau nomor tujuan ditolak penyedia" in row
    assert "Terkirim" not in row
    assert 'class="text-danger" data-testid="person-reach"' in page
    assert 'data-testid="timeline-alarm"' in page


def test_in_app_reaches_a_person_only_once_read(kutim, client, kab_admin):
    (person,) = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT], contact=None)
    person.user = UserFactory(username="camat.inbox")
    person.save()
    incident = make_incident(severity=4)
    _run_first_step(incident)
    # Nothing is pending (in-app written at once, no contact at all): the result is noted at once.
    event = _result_event(incident)
    assert event.note == f"Hasil langkah 1: 0 dari 1 orang terjangkau; 1 belum membaca di aplikasi: {person}."
    assert not event.alarm
    client.force_login(kab_admin)
    assert 'data-state="menunggu"' in client.get(incident.get_absolute_url()).content.decode()
    InboxItem.objects.filter(person=person).update(read_at=incident.created_at)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-state="terjangkau"' in page
    assert "1 dari 1 orang terjangkau" in page


def test_a_step_to_people_nobody_can_reach_is_noted_at_once_as_reaching_nobody(kutim):
    people = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.DANRAMIL], contact=None)
    incident = make_incident(severity=4)
    _run_first_step(incident)
    event = _result_event(incident)
    assert event.note.startswith("Hasil langkah 1: 0 dari 2 orang terjangkau; 2 tidak terjangkau: ")
    for person in people:
        assert f"{person} (Di aplikasi: Tidak punya akun aktif di aplikasi, Tanpa kontak: " in event.note
    assert event.alarm


def test_acknowledging_notes_what_the_cut_short_step_reached(forkopimcam):
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    event = _result_event(incident)
    assert "0 dari 3 orang terjangkau" in event.note
    assert "Dibatalkan" in event.note


def test_reach_states_follow_the_deliveries(forkopimcam):
    from notifications.selectors import delivery_list_for_message_keys, person_reach

    camat, kapolsek, danramil = forkopimcam
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    keys = escalation.runs.get().message_keys
    before = {r.person.pk: r.state for r in person_reach(list(delivery_list_for_message_keys(keys=keys)))}
    assert before == {camat.pk: Reach.WAITING, kapolsek.pk: Reach.WAITING, danramil.pk: Reach.WAITING}
    _send_everything(escalation)
    after = {r.person.pk: r for r in person_reach(list(delivery_list_for_message_keys(keys=keys)))}
    assert {pk: r.state for pk, r in after.items()} == {
        camat.pk: Reach.REACHED,
        kapolsek.pk: Reach.REACHED,
        danramil.pk: Reach.NOT_REACHED,
    }
    assert [d.channel for d in after[camat.pk].reached_by] == [Channel.TELEGRAM]


def test_an_unreached_recipient_is_an_alert_to_the_areas_operators(forkopimcam, kab_admin, providers):  # noqa: F811
    from notifications.models import Message
    from stakeholders.models import Person

    _, _, danramil = forkopimcam
    operator = Person.objects.get(user=kab_admin)
    ContactPoint.objects.create(person=operator, kind=ContactKind.TELEGRAM, value="7777", verified=True)
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    _send_everything(escalation)
    run = escalation.runs.get()
    assert [m["id"] for m in run.not_reached] == [danramil.pk]
    assert "WhatsApp: Alamat atau nomor tujuan ditolak penyedia" in run.not_reached[0]["reasons"]
    assert run.operators_told == [operator.pk]
    notice = Message.objects.get(idempotency_key__startswith="eskalasi-tak-terjangkau|")
    assert notice.text.startswith(f"TIDAK TERJANGKAU: langkah 1 eskalasi {incident.number}")
    assert str(danramil) in notice.text
    assert set(notice.deliveries.values_list("person_id", flat=True)) == {operator.pk}
    assert notice.deliveries.filter(channel=Channel.TELEGRAM).exists()
    event = _result_event(incident)
    assert f"Operator wilayah diberi tahu: {operator}." in event.note
    # Acknowledging the alert does not cancel the operators' notice: the contact still needs fixing.
    escalation_acknowledge(escalation=escalation, by_user=kab_admin)
    assert not notice.deliveries.filter(status="cancelled").exists()


def test_the_dashboard_and_the_list_show_incidents_with_an_unreached_recipient(
    forkopimcam, client, kab_admin
):
    from situation.sitrep.data import situation_data

    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    client.force_login(kab_admin)
    page = client.get("/insiden/dasbor/").content.decode()
    assert "Peringatan dengan penerima tidak terjangkau" in page
    listing = client.get("/insiden/?status=semua&tidak_terjangkau=on").content.decode()
    assert incident.number not in listing
    _send_everything(escalation)
    listing = client.get("/insiden/?status=semua&tidak_terjangkau=on").content.decode()
    assert incident.number in listing
    from django.core.cache import cache

    cache.clear()  # the dashboard's figures are cached per area and period
    assert "tidak_terjangkau=on" in client.get("/insiden/dasbor/").content.decode()
    event = _result_event(incident)
    from django.utils import timezone

    from regions.models import AdminUnit

    data = situation_data(area=AdminUnit.objects.get(code="64.08"), day=timezone.localdate(event.at))
    assert data.summary["unreached"] == 1
    assert any("tidak terjangkau" in row["detail"] for row in data.escalations)


def test_acknowledging_edits_the_telegram_alert_to_say_who_handled_it(forkopimcam, kab_admin, providers):  # noqa: F811
    from notifications.services import delivery_edits_send

    _camat, _, _ = forkopimcam
    edits = []

    def _edit(request):
        edits.append(json.loads(request.data))
        return Response(json.dumps({"ok": True, "result": {}}), content_type="application/json")

    providers.expect_request("/bot123:ABC/editMessageText").respond_with_handler(_edit)
    incident = make_incident(severity=4)
    escalation = _run_first_step(incident)
    _send_everything(escalation)
    telegram = Delivery.objects.get(message__group_key=escalation.group_key, channel=Channel.TELEGRAM)
    assert telegram.provider_message_id == "5"
    escalation_acknowledge(escalation=escalation, by_user=kab_admin)
    assert delivery_edits_send(delivery_ids=[telegram.pk]) == {"edited": 1, "failed": 0}
    assert edits[0]["chat_id"] == "4242"
    assert edits[0]["message_id"] == 5
    assert "Sudah ditangani oleh Sri Admin" in edits[0]["text"]
    assert "Mohon konfirmasi." not in edits[0]["text"]


@pytest.mark.parametrize("size", [3, 30])
def test_a_settled_delivery_costs_the_same_queries_however_many_people_the_step_alerts(
    kutim, size, django_assert_max_num_queries
):
    """Until the last delivery settles, each one only asks whether any is pending: reading the whole
    step at every delivery made a step of n recipients cost n² rows and serialised the workers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from escalation.choices import TargetKind
    from notifications.hooks import delivery_settled_hooks_run
    from stakeholders.tests.factories import PersonFactory

    from .factories import policy_with_steps

    people = [PersonFactory(full_name=f"Penerima {n}") for n in range(size)]
    for n, person in enumerate(people):
        ContactPoint.objects.create(
            person=person, kind=ContactKind.WHATSAPP, value=f"+62811766{n:04d}", verified=True
        )
    policy_with_steps([(0, [{"kind": TargetKind.PERSON, "person": p} for p in people])], priority=0)
    escalation = _run_first_step(make_incident(severity=4))
    key = Delivery.objects.filter(message__group_key=escalation.group_key).first().message.idempotency_key
    with CaptureQueriesContext(connection) as queries:
        delivery_settled_hooks_run(message_keys=[key])
    # exists, the incident's lock, the run's lock, the pending check: nothing read per recipient.
    assert len(queries) <= 5, [q["sql"] for q in queries]
    reads = [q["sql"] for q in queries if '"notifications_delivery"' in q["sql"]]
    assert reads
    assert all(sql.startswith("SELECT 1 AS") and "LIMIT 1" in sql for sql in reads), reads
    assert not IncidentEvent.objects.filter(
        incident=escalation.incident, note__startswith="Hasil langkah"
    ).exists()
