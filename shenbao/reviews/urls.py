from django.urls import path

from shenbao.reviews import bulk_views, city_views, summary_views, views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("glance/", views.home_summary, name="home_summary"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/rows/<int:row_id>/id/", views.full_id, name="full_id"),
    path("<int:pk>/rows/<int:row_id>/decide/", views.row_decide, name="row_decide"),
    path("<int:pk>/rows/decide-filtered/", bulk_views.decide_filtered, name="decide_filtered"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/return/", views.return_view, name="return"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/approve/", city_views.approve, name="approve"),
    path("<int:pk>/send-back/", city_views.send_back, name="send_back"),
    path("<int:pk>/pay/", city_views.pay, name="pay"),
    path("<int:pk>/move/", city_views.move, name="move"),
    path("summary/", summary_views.summary, name="summary"),
    path("summary/export.xlsx", summary_views.summary_export, name="summary_export"),
    path("summary/report/", summary_views.report, name="report"),
    path("summaries/<int:pk>/", summary_views.summary_detail, name="summary_detail"),
    path("summaries/<int:pk>/export.xlsx", summary_views.summary_detail_export, name="summary_detail_export"),
    path("city/", city_views.city, name="city"),
    path("city/organisations/<int:pk>/move/", city_views.organisation_move, name="organisation_move"),
    path("city/calls/<int:pk>/approved.xlsx", city_views.approved_export, name="approved_export"),
    path("city/calls/<int:pk>/publish/", city_views.publish, name="publish"),
]
