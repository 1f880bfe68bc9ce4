"""Reset a user's second factor from the server (e.g. a superuser or the last administrator)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mfa.services import mfa_reset


class Command(BaseCommand):
    help = (
        "Hapus perangkat verifikasi dua langkah seorang pengguna; ia mendaftar ulang saat masuk berikutnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Alasan, dicatat di jejak audit.")

    def handle(self, *args, username, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ada.")
        removed = mfa_reset(user=user, by_user=None, reason=reason or "manage.py mfa_reset", via="manage.py")
        self.stdout.write(
            self.style.SUCCESS(
                f"{removed} perangkat {username} dihapus; ia mendaftar ulang saat masuk berikutnya."
            )
        )
