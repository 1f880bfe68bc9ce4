"""Moved to ``core.testing``; this name re-exports it only while branches begun before the move land."""

from core.testing import ViewAccessCase, assert_view_access

__all__ = ["ViewAccessCase", "assert_view_access"]
