from django.urls import path

from shenbao.crosschecks import views

app_name = "crosschecks"
urlpatterns = [
    path("", views.conflicts, name="conflicts"),
    path("export.xlsx", views.conflicts_export, name="conflicts_export"),
    path("history/", views.history, name="history"),
]
