from django.urls import path

from portal.dashboards import reports_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/<slug:figure>/", views.records, name="records"),
    path("reports/", reports_views.reports, name="reports"),
    path("reports/regenerate/", reports_views.report_regenerate, name="report_regenerate"),
    path("reports/<int:pk>/<slug:fmt>/", reports_views.report_download, name="report_download"),
]
