"""Counter intake, under the workspace (its names in the workspace namespace)."""

from django.urls import path

from dossiers import counter_views, result_views

urlpatterns = [
    path("counter/", counter_views.intake, name="counter"),
    path("counter/<int:pk>/", counter_views.draft, name="counter-dossier"),
    path("counter/<int:pk>/submit/", counter_views.submit, name="counter-submit"),
    path("counter/<int:pk>/fee/", counter_views.fee, name="counter-fee"),
    path("counter/<int:pk>/data-gap/", counter_views.data_gap, name="counter-data-gap"),
    path(
        "<int:pk>/results/<int:result_pk>/",
        result_views.workspace_result_download,
        name="result-download",
    ),  # fmt: skip
]
