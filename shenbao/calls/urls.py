from django.urls import path

from shenbao.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.public, name="public"),
    path("<int:year>/publicity/", views.publicity, name="publicity"),
    path("manage/", views.call_list, name="list"),
    path("manage/new/", views.call_create, name="create"),
    path("manage/<int:pk>/edit/", views.call_edit, name="edit"),
]
