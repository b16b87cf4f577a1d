from django.urls import path

from shenbao.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("city/", views.city, name="city"),
    path("reviewer/", views.reviewer, name="reviewer"),
    path("applicant/", views.applicant, name="applicant"),
]
