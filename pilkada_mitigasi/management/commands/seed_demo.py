"""Create the demo data of every app and print the demo logins. Idempotent."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo data provides <app>/demo.py with
#   seed() -> list[tuple[str, str, str]]   # (username, password, what the login is for)
# Order matters: later apps build on earlier ones.
DEMO_APPS = [
    "core",
    "regions",
    "risk",
    "stakeholders",
    "incidents",
    "escalation",
    "training",
    "notifications",
    "coordination",
]


class Command(BaseCommand):
    help = "Create demo users and demo data (fictional people only) and print the logins. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins table.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo logins (admin/admin...) are printed in the README: never on a real installation.
            raise CommandError(
                "seed_demo membuat akun demo dengan kata sandi yang diumumkan; "
                "perintah ini ditolak saat DJANGO_ENV=production."
            )
        call_command("load_regions", verbosity=0, stdout=self.stdout)
        logins: list[tuple[str, str, str]] = []
        for label in DEMO_APPS:
            if not apps.is_installed(label):
                continue
            try:
                module = import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            with transaction.atomic():
                logins.extend(module.seed() or [])
        if options["quiet_logins"]:
            return
        self.stdout.write(self.style.SUCCESS("Login demo (semua data fiktif):"))
        width = max((len(u) for u, _, _ in logins), default=8)
        for username, password, purpose in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {purpose}")
