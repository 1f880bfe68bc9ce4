from django.contrib import admin

from .models import AdminUnit, Election, ElectionPhase, PollingStation


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
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "voting_date")
    inlines = [ElectionPhaseInline]


@admin.register(PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "election", "desa", "number", "voters")
    list_filter = ("election",)
    search_fields = ("desa__name", "desa__code")
    raw_id_fields = ("desa",)
    list_select_related = ("desa", "election")
