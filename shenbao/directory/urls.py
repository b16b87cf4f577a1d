from django.urls import path

from shenbao.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("directory/", views.authority_list, name="authority_list"),
    path("directory/export.xlsx", views.authority_export, name="authority_export"),
    path("directory/<int:number>/edit/", views.authority_edit, name="authority_edit"),
]
