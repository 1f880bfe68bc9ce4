"""Invitations and reminders of a Bimtek go out through the notifications app, once per participant."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from notifications.models import Delivery, InboxItem, Message
from training import services
from training.choices import RegistrationStatus
from training.models import InvitationSend
from training.tests.factories import RegistrationFactory


@pytest.fixture
def roster(programme):
    """The trainer (fasilitator, registered) plus one registration in every status."""
    return {
        status: RegistrationFactory(programme=programme, status=status)
        for status in RegistrationStatus.values
    }


def test_an_invitation_reaches_every_invited_registered_and_confirmed_participant_once(
    programme, trainer, roster
):
    count = services.programme_invitations_send(programme=programme, by_user=trainer, kind="undangan")

    expected = {
        trainer.person.pk,
        roster["invited"].person_id,
        roster["registered"].person_id,
        roster["confirmed"].person_id,
    }
    assert count == 4
    assert Message.objects.count() == 4
    assert set(InboxItem.objects.values_list("person_id", flat=True)) == expected
    assert InboxItem.objects.count() == 4
    assert set(Delivery.objects.values_list("person_id", flat=True)) == expected
    message = InboxItem.objects.get(person_id=roster["confirmed"].person_id).message
    assert programme.title in message.text
    assert programme.venue in message.text
    ticket_url = settings.SITE_URL + reverse("training:ticket_detail", args=[roster["confirmed"].ticket_code])
    assert message.link == ticket_url
    assert ticket_url in message.text
    log = InvitationSend.objects.get()
    assert (log.programme, log.kind, log.count, log.sent_by) == (programme, "undangan", 4, trainer)


def test_withdrawn_and_rejected_participants_get_nothing(programme, trainer, roster):
    services.programme_invitations_send(programme=programme, by_user=trainer, kind="undangan")
    services.programme_invitations_send(programme=programme, by_user=trainer, kind="pengingat")

    for status in (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED):
        assert not InboxItem.objects.filter(person_id=roster[status].person_id).exists()
        assert not Delivery.objects.filter(person_id=roster[status].person_id).exists()


def test_sending_twice_sends_once_and_logs_once(programme, trainer, roster):
    assert services.programme_invitations_send(programme=programme, by_user=trainer) == 4
    assert services.programme_invitations_send(programme=programme, by_user=trainer) == 0

    assert Message.objects.count() == 4
    assert InboxItem.objects.count() == 4
    assert InvitationSend.objects.count() == 1


def test_a_reminder_goes_only_to_registered_and_confirmed_participants(programme, trainer, roster):
    count = services.programme_invitations_send(programme=programme, by_user=trainer, kind="pengingat")

    assert count == 3
    assert set(InboxItem.objects.values_list("person_id", flat=True)) == {
        trainer.person.pk,
        roster["registered"].person_id,
        roster["confirmed"].person_id,
    }
    assert InboxItem.objects.first().message.text.startswith("Pengingat Bimtek")


def test_an_unknown_kind_is_refused_and_sends_nothing(programme, trainer, roster):
    with pytest.raises(ValidationError, match="Jenis pengiriman tidak dikenal"):
        services.programme_invitations_send(programme=programme, by_user=trainer, kind="spam")
    assert not Message.objects.exists()


def test_the_send_button_is_for_the_programme_staff_only(programme, trainer, nobody, other_trainer, roster):
    assert_view_access(
        ViewAccessCase(
            url=reverse("training:programme_invitations_send", args=[programme.pk]),
            method="post",
            data={"kind": "undangan"},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    assert Message.objects.count() == 4


def test_the_programme_page_shows_the_count_and_the_log(programme, trainer, roster):
    client = Client()
    client.force_login(trainer)
    url = reverse("training:programme_invitations_send", args=[programme.pk])

    response = client.post(url, {"kind": "undangan"}, follow=True)

    page = response.content.decode()
    assert "Undangan dikirim ke 4 peserta." in page
    assert 'data-testid="invitations"' in page
    assert "4 peserta" in page


def test_the_hourly_reminder_goes_out_the_day_before_the_first_session_once(programme, trainer, roster):
    from datetime import timedelta

    from training.tasks import programme_reminders_due_task

    first_day = programme.sessions.order_by("date").first().date
    assert services.programme_reminders_due(today=first_day - timedelta(days=2)) == 0
    assert services.programme_reminders_due(today=first_day) == 0
    assert not Message.objects.exists()

    assert services.programme_reminders_due(today=first_day - timedelta(days=1)) == 3
    assert services.programme_reminders_due(today=first_day - timedelta(days=1)) == 0
    assert InboxItem.objects.count() == 3
    log = InvitationSend.objects.get()
    assert (log.kind, log.count, log.sent_by) == ("pengingat", 3, None)
    programme_reminders_due_task.run()  # today is not the day before: nothing more
    assert InboxItem.objects.count() == 3
