"""The directory as an XLSX workbook, written by core.tabular (formula-safe, memory flat)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.tabular import XlsxWriter

from .models import Person
from .selectors import contact_mask


def directory_xlsx(*, people, show_contacts: bool) -> bytes:
    """One row per current position (or one per person without), with the person's contacts.

    The columns are the people import's (``stakeholders.imports``): the file imports back as it is,
    every row matched to its person and position, with nothing changed. "Nama wilayah" repeats the
    code for a reader and is ignored by the import; masked contacts are ignored too.
    """
    workbook = XlsxWriter()
    sheet = workbook.sheet(
        _("Direktori"),
        header=[
            _("Nama"),
            _("Gelar depan"),
            _("Jabatan"),
            _("Status"),
            _("Organisasi"),
            _("Kode wilayah"),
            _("Nama wilayah"),
            _("Mulai"),
            _("Daftar kontak"),
        ],
        widths=(30, 14, 24, 10, 32, 15, 22, 12, 45),
        freeze_header=True,
        auto_filter=True,
    )
    person: Person
    for person in people:
        contacts = "; ".join(
            f"{c.get_kind_display()}: {c.value if show_contacts else contact_mask(c.value)}"
            for c in person.contact_points.all()
        )
        positions = person.current_positions or [None]
        for position in positions:
            sheet.append(
                [
                    # Back degrees stay behind the name, as the import reads them back.
                    f"{person.full_name}, {person.degrees}" if person.degrees else person.full_name,
                    person.honorific,
                    position.get_office_display() if position else "",
                    position.get_acting_display() if position and position.acting else "",
                    position.organisation.name if position else "",
                    position.area.code if position else "",
                    position.area.name if position else "",
                    position.start_date if position else None,
                    contacts,
                ]
            )
    return workbook.to_bytes()


def import_template_xlsx(*, columns: list[str]) -> bytes:
    """An empty workbook whose first row is the import's columns."""
    workbook = XlsxWriter()
    workbook.sheet(
        _("Impor"),
        header=columns,
        widths=[max(14, min(40, len(str(column)) + 4)) for column in columns],
        freeze_header=True,
        auto_filter=True,
    )
    return workbook.to_bytes()
