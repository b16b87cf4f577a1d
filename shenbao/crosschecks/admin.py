from django.contrib import admin

from shenbao.crosschecks.models import HistoryImport, PastSupport


@admin.register(HistoryImport)
class HistoryImportAdmin(admin.ModelAdmin[HistoryImport]):
    list_display = ("file_name", "records", "added", "imported_by", "imported_at")
    readonly_fields = ("file_name", "records", "added", "imported_by", "imported_at")


@admin.register(PastSupport)
class PastSupportAdmin(admin.ModelAdmin[PastSupport]):
    # The encrypted number and its hash are never shown.
    list_display = ("name", "id_type", "id_masked", "organisation_name", "year", "kind")
    list_filter = ("year", "kind")
    fields = ("name", "id_type", "id_masked", "organisation_name", "year", "kind", "source")
    readonly_fields = fields
