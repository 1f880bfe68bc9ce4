from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.services import election_calendar_load, regions_available_kabupaten, regions_load


class Command(BaseCommand):
    help = (
        "Load kabupaten/kota by their Kemendagri codes (default: KABUPATEN_CODES) with their province, "
        "kecamatan and desa/kelurahan, and the shipped election calendars. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--code",
            action="append",
            dest="codes",
            metavar="KODE",
            help="kode Kemendagri kabupaten/kota, mis. 64.08 (boleh diulang); bawaan: KABUPATEN_CODES",
        )
        parser.add_argument(
            "--province",
            metavar="KODE",
            help="muat semua kabupaten/kota satu provinsi, mis. 64",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="show_list",
            help="tampilkan kabupaten/kota yang tersedia (dengan --province)",
        )

    def handle(self, *args, codes=None, province=None, show_list=False, **options):
        if show_list:
            for code, name in regions_available_kabupaten(province=province):
                self.stdout.write(f"{code}\t{name}")
            return
        if province:
            codes = [
                *(codes or []),
                *(code for code, _name in regions_available_kabupaten(province=province)),
            ]
            if not codes:
                raise CommandError(f"Provinsi {province} tidak ada dalam data wilayah.")
        codes = codes or settings.KABUPATEN_CODES
        try:
            areas = regions_load(codes=codes)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for title, report in (("wilayah", areas), ("kalender pemilihan", election_calendar_load())):
            for level, counts in report.counts.items():
                self.stdout.write(
                    f"{title} {level}: {counts['created']} baru, {counts['updated']} diperbarui, "
                    f"{counts['unchanged']} tetap"
                )
        self.stdout.write(self.style.SUCCESS("Data referensi siap."))
