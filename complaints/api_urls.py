from django.urls import path

from complaints import api_handling, api_reporter

urlpatterns = [
    path("", api_reporter.ComplaintIntakeApi.as_view(), name="complaints-api-intake"),
    path("mine/", api_reporter.MyComplaintsApi.as_view(), name="complaints-api-mine"),
    path("handling/", api_handling.HandlingQueueApi.as_view(), name="complaints-api-handling"),
    path("handling/<str:code>/", api_handling.HandlingActionApi.as_view(),
         name="complaints-api-act"),
    path("<str:code>/", api_reporter.ComplaintTrackingApi.as_view(), name="complaints-api-track"),
    path("<str:code>/act/", api_reporter.ReporterActionApi.as_view(),
         name="complaints-api-reporter-act"),
    path("<str:code>/evidence/<int:pk>/", api_reporter.ComplaintEvidenceApi.as_view(),
         name="complaints-api-evidence"),
]  # fmt: skip
