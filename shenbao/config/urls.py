from django.contrib import admin
from django.urls import include, path

from shenbao.interface.views import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("shenbao.accounts.urls")),
    path("", include("shenbao.organisations.urls")),
    path("catalog/", include("shenbao.catalog.urls")),
    path("", include("shenbao.applications.urls")),
    path("review/", include("shenbao.reviews.urls")),
    path("calls/", include("shenbao.calls.urls")),
    path("audit/", include("shenbao.audit.urls")),
    path("operations/", include("shenbao.operations.urls")),
    path("print/", include("shenbao.printing.urls")),
    path("dashboards/", include("shenbao.dashboards.urls")),
    path("crosschecks/", include("shenbao.crosschecks.urls")),
    path("", include("shenbao.directory.urls")),
]
