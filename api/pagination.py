"""Cursor pagination: a page is a position in an index, so page 2,000 costs what page 1 does."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """``?cursor=`` from the previous page's ``next``; ``?page_size=`` up to 200 (default 50)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    page_size_query_description = _("Jumlah baris per halaman (1-200, bawaan 50).")
    cursor_query_description = _("Penanda halaman: salin dari `next` atau `previous` jawaban sebelumnya.")
    invalid_cursor_message = _("Penanda halaman (cursor) tidak sah.")
    ordering = "-id"
