from django.core.management.base import BaseCommand

from regions.services import election_calendar_load, regions_load_kutim


class Command(BaseCommand):
    help = (
        "Load Kutai Timur's areas (Kemendagri codes, boundaries) and the Pilkada 2024 calendar. Idempotent."
    )

    def handle(self, *args, **options):
        for title, report in (
            ("wilayah", regions_load_kutim()),
            ("kalender pemilihan", election_calendar_load()),
        ):
            for level, counts in report.counts.items():
                self.stdout.write(
                    f"{title} {level}: {counts['created']} baru, {counts['updated']} diperbarui, "
                    f"{counts['unchanged']} tetap"
                )
        self.stdout.write(self.style.SUCCESS("Data referensi siap."))
