from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AdminUnit, Election, ElectionPhase, PollingStation
from .services import election_set_current


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "village_type", "parent")
    list_filter = ("level", "village_type")
    search_fields = ("code", "name")
    exclude = ("boundary",)
    readonly_fields = ("min_lat", "max_lat", "min_lng", "max_lng")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("boundary").select_related("parent")


class ElectionPhaseInline(admin.TabularInline):
    model = ElectionPhase
    extra = 0


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    """Calendars stay editable here (reference data); which election is current is set only by the
    actions, through ``services.election_set_current``."""

    list_display = ("code", "name", "kind", "voting_date", "area", "is_pinned")
    list_filter = ("kind",)
    readonly_fields = ("is_pinned",)
    raw_id_fields = ("area",)
    inlines = [ElectionPhaseInline]
    actions = ["pin_as_current", "unpin"]

    @admin.action(description=_("Tetapkan sebagai pemilihan berjalan"))
    def pin_as_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pilih tepat satu pemilihan."), messages.ERROR)
            return
        election = election_set_current(election=queryset.get(), by_user=request.user)
        self.message_user(request, _("%(name)s kini pemilihan berjalan.") % {"name": election})

    @admin.action(description=_("Pilih pemilihan berjalan menurut tanggal"))
    def unpin(self, request, queryset):
        election_set_current(election=None, by_user=request.user)
        self.message_user(request, _("Pemilihan berjalan kembali dipilih menurut tanggal."))


@admin.register(PollingStation)
class PollingStationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "election", "desa", "number", "voters_men", "voters_women", "voters")
    list_filter = ("election",)
    search_fields = ("desa__name", "desa__code")
    raw_id_fields = ("desa",)
    list_select_related = ("desa", "election")
