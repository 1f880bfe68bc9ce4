"""Demo data of notifications: a welcome alert in the demo users' inboxes. Idempotent by its key."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from stakeholders.selectors import person_list

from .choices import Urgency
from .services import notification_send

DEMO_USERNAMES = [
    "kesbangpol",
    "bupati",
    "camat.sangatta.utara",
    "camat.bengalon",
    "kapolsek.sangatta.utara",
    "pelapor.sangatta.utara",
    "pelatih",
]


def seed() -> list[tuple[str, str, str]]:
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    people = list(person_list(users=users))
    if people:
        notification_send(
            text="Selamat datang di Pilkada Mitigasi",
            long_text=(
                "Ini contoh notifikasi. Peringatan eskalasi insiden akan muncul di kotak masuk ini "
                "dan dikirim ke kontak Anda yang terverifikasi (email, Telegram, WhatsApp, SMS)."
            ),
            link=f"{settings.SITE_URL}{reverse('notifications:index')}",
            recipients=people,
            idempotency_key="demo:selamat-datang",
            urgency=Urgency.NORMAL,
        )
    return []
