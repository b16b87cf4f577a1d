from django.contrib import admin

from shenbao.calls.models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ["year", "edition", "opens_on", "closes_on", "published_at"]
