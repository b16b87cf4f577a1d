from django.urls import path

from shenbao.organisations import views

app_name = "organisations"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("organisations/", views.pending, name="pending"),
    path("organisations/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("organisations/<int:pk>/reject/", views.reject, name="reject"),
    path("organisations/<int:pk>/licence/", views.licence, name="licence"),
]
