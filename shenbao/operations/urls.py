from django.urls import path

from shenbao.operations import views

app_name = "operations"
urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("retention/<int:year>/purge/", views.purge, name="purge"),
]
