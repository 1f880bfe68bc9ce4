"""Cursor pagination: a page is a position in an index, so page 2,000 costs what page 1 does."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """``?cursor=`` from the previous page's ``next``; ``?page_size=`` up to 200 (default 50)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    page_size_query_description = gettext_lazy("Jumlah baris per halaman (1-200, bawaan 50).")
    cursor_query_description = gettext_lazy(
        "Penanda halaman: salin dari `next` atau `previous` jawaban sebelumnya."
    )
    invalid_cursor_message = gettext_lazy("Penanda halaman (cursor) tidak sah.")
    ordering = "-id"

    def get_page_size(self, request) -> int:
        """``page_size`` as the schema states it, 1 to 200; anything else is a 400 (DRF would quietly
        answer 50 rows for ``page_size=abc`` and 200 for ``page_size=5000``)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Jumlah baris per halaman harus bilangan bulat 1 sampai %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters
