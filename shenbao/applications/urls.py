"""The applicant's pages for an application, and the public blank templates."""

from django.urls import path

from shenbao.applications import roster_views, views

app_name = "applications"
urlpatterns = [
    path("applications/", views.application_list, name="list"),
    path("applications/create/", views.create, name="create"),
    path("applications/templates/<str:kind>.xlsx", views.blank_template, name="template"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/roster/", roster_views.roster, name="roster"),
    path("applications/<int:pk>/roster/upload/", roster_views.upload_roster, name="upload"),
    path("applications/<int:pk>/uploads/<int:upload_pk>/", roster_views.upload_progress, name="progress"),
    path("applications/<int:pk>/rows/<int:row_pk>/", roster_views.row, name="row"),
    path("applications/<int:pk>/rows/<int:row_pk>/edit/", roster_views.edit_row, name="edit_row"),
    path("applications/<int:pk>/report.xlsx", views.report, name="report"),
    path("applications/<int:pk>/attachments/", views.add_attachment, name="add_attachment"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.download_attachment,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("applications/<int:pk>/details/", views.update_details, name="details"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
