from django.urls import path

from shenbao.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.text, name="text"),
    path("self-check/", views.self_check, name="self_check"),
    path("figures/", views.figures, name="figures"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_decision, name="organisation_decision"),
    path("import/", views.import_figures, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
