from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.services import adminunit_boundaries_load


class Command(BaseCommand):
    help = (
        "Load boundaries of loaded areas from a GeoJSON FeatureCollection (properties.code = Kemendagri "
        "code, Polygon/MultiPolygon in lon/lat). All or nothing; running twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas GeoJSON")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        try:
            report = adminunit_boundaries_load(content=path.read_bytes(), source=path.name)
        except ValidationError as exc:
            raise CommandError("Batas wilayah tidak dimuat:\n" + "\n".join(exc.messages)) from exc
        for level, counts in report.counts.items():
            self.stdout.write(f"batas {level}: {counts['updated']} diperbarui, {counts['unchanged']} tetap")
        self.stdout.write(self.style.SUCCESS("Batas wilayah dimuat."))
