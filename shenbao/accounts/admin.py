from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import Role, User


def _city_admin_only(request: HttpRequest) -> bool:
    """Django admin is for the city admin alone, whatever is_staff says."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == Role.CITY_ADMIN)


admin.site.has_permission = _city_admin_only  # type: ignore[method-assign]
admin.site.site_header = _("服务外包培训支持申报 · 系统管理")
admin.site.site_title = _("系统管理")


@admin.register(User)
class ShenbaoUserAdmin(UserAdmin[User]):
    list_display = ("username", "full_name", "role", "organisation", "authority", "is_active")
    list_filter = ("role", "is_active", "authority")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("申报系统"), {"fields": ("role", "full_name", "phone", "organisation", "authority")}),
    )  # type: ignore[misc]
