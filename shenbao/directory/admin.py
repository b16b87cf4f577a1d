from django.contrib import admin

from shenbao.directory.models import Authority


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin[Authority]):
    list_display = ("number", "name", "area_name", "office", "contact", "phone", "address")
