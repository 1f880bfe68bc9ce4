"""Run every benchmark command (manage.py bench_*) in turn; each ends with one JSON line."""

import json

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run every bench_* management command and print a JSON summary line."

    def handle(self, *args, **options):
        names = sorted(name for name in get_commands() if name.startswith("bench_"))
        if not names:
            self.stdout.write(json.dumps({"benchmarks": []}))
            return
        for name in names:
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {name}"))
            call_command(name, stdout=self.stdout)
        self.stdout.write(json.dumps({"benchmarks": names}))
