from django.urls import path

from shenbao.downloads import views

app_name = "downloads"
urlpatterns = [
    path("<str:token>/", views.detail, name="detail"),
    path("<str:token>/file", views.file, name="file"),
]
