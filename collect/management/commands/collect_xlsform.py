"""Write the XLSForm of the field report (KoboToolbox / ODK) from the reference data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from collect.xlsform import xlsform_bytes


class Command(BaseCommand):
    help = "Tulis XLSForm laporan lapangan (Kobo/ODK) dari data referensi: kecamatan, desa, kategori."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="", help="berkas .xlsx (bawaan: docs/kobo/laporan-lapangan.xlsx)"
        )

    def handle(self, *args, **options):
        output = Path(
            options["output"] or Path(settings.BASE_DIR) / "docs" / "kobo" / "laporan-lapangan.xlsx"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(xlsform_bytes())
        self.stdout.write(f"XLSForm ditulis: {output}")
