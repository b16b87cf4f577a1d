"""The root URLconf: where each app's pages are mounted."""

from django.contrib import admin
from django.urls import include, path

from shenbao.accounts import urls as accounts_urls
from shenbao.dashboards.views import home
from shenbao.interface.views import favicon

# The home page lives with the dashboards it shows (accounts sits below them and may not import
# them), but keeps its address and name in the accounts namespace: /accounts/home/, accounts:home.
accounts = [*accounts_urls.urlpatterns, path("home/", home, name="home")]

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include((accounts, accounts_urls.app_name))),
    path("", include("shenbao.organisations.urls")),
    path("catalog/", include("shenbao.catalog.urls")),
    path("", include("shenbao.applications.urls")),
    path("review/", include("shenbao.reviews.urls")),
    path("calls/", include("shenbao.calls.urls")),
    path("audit/", include("shenbao.audit.urls")),
    path("operations/", include("shenbao.operations.urls")),
    path("print/", include("shenbao.printing.urls")),
    path("downloads/", include("shenbao.downloads.urls")),
    path("dashboards/", include("shenbao.dashboards.urls")),
    path("crosschecks/", include("shenbao.crosschecks.urls")),
    path("", include("shenbao.directory.urls")),
]
