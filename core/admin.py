"""Admin bases for the one-write-path rule: a model that has services is read in the admin, never written.

The admin's own save, delete, bulk delete and history revert would write rows without the service
that validates them, writes their timeline or audit row and keeps derived keys in step. So a model
with services gets ``ReadOnlyAdmin`` (or ``ReadOnlyHistoryAdmin`` when it keeps a history), and any
write the admin must offer is an admin action, or a ``save_model``, that calls the service with
``by_user=request.user``. Reference and configuration data without services keeps a normal admin.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: the admin lists and shows them (actions may call services)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline of rows written only by services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryRevertGuard(SimpleHistoryAdmin):
    """simple_history's page of one past version saves a POST (a "revert") with the admin's own form,
    checking only the view permission; without the change permission, the revert is refused."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not self.has_change_permission(request, obj) or super().revert_disabled(request, obj)


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, HistoryRevertGuard):
    """A read-only admin whose history (who changed what, when) stays viewable."""
