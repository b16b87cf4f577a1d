from django.urls import path

from shenbao.printing import views

app_name = "printing"
urlpatterns = [
    path("applications/<int:pk>/package.pdf", views.application_pdf, name="application_pdf"),
    path("summaries/<int:number>/<int:year>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("summaries/reported/<int:pk>/summary.pdf", views.reported_summary_pdf, name="reported_summary_pdf"),
]
