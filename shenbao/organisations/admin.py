from django.contrib import admin

from shenbao.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "code", "authority", "status")
    list_filter = ("kind", "status", "authority")
    search_fields = ("name", "code")
