from django.urls import path

from datasources import api

urlpatterns = [
    path("sources/", api.SourceListApi.as_view(), name="api-sources"),
    path("access-log/", api.AccessLogApi.as_view(), name="api-access-log"),
    path("corrections/", api.CorrectionListApi.as_view(), name="api-corrections"),
    path(
        "corrections/<int:pk>/decision/",
        api.CorrectionDecisionApi.as_view(),
        name="api-correction-decision",
    ),
]
