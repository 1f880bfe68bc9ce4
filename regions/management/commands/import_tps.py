"""``manage.py import_tps FILE --election CODE``: load the TPS of one election from a CSV/XLSX sheet."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.imports import tps_import_run, tps_problem_summary, tps_row_messages
from regions.selectors import election_find, election_list


class Command(BaseCommand):
    help = (
        "Import polling stations (TPS) of one election from a CSV or XLSX file through the import engine: "
        "every row is checked first and nothing is saved while one is refused; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="CSV or XLSX file: desa (code or name), TPS number, address, DPT L/P/total, lat, lng"
        )
        parser.add_argument("--election", required=True, help="election code, e.g. pilkada-2024")
        parser.add_argument("--sheet", default=None, help="sheet name of a workbook (default: the first)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only; save nothing")

    def handle(self, *args, **options):
        election = election_find(code=options["election"])
        if election is None:
            codes = ", ".join(election_list().values_list("code", flat=True)) or "-"
            raise CommandError(f"Pemilihan tidak dikenal: {options['election']} (ada: {codes}).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            result = tps_import_run(
                content=path.read_bytes(),
                election=election,
                commit=not options["dry_run"],
                sheet=options["sheet"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if result.missing_columns:
            raise CommandError("Kolom wajib tidak ditemukan: " + ", ".join(result.missing_columns))
        if result.problems:
            for line in tps_problem_summary(result):
                self.stderr.write(line)
            for line in tps_row_messages(result):
                self.stderr.write("  " + line)
            raise CommandError(
                f"{result.rows - result.accepted} dari {result.rows} baris ditolak; tidak ada yang disimpan."
            )
        counts = result.counts
        verb = "periksa saja, tidak disimpan" if options["dry_run"] else "tersimpan"
        self.stdout.write(
            f"{election.name}: {result.rows} baris; {counts.created} baru, {counts.updated} diperbarui, "
            f"{counts.unchanged} tetap ({verb})."
        )
