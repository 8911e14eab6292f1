"""The official workspace: the unit's queue, the dossier view and its actions."""

from django.urls import include, path

from dossiers import right_to_act_views, slip_views
from dossiers import workspace_views as views

app_name = "workspace"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("", include("dossiers.counter_urls")),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/", views.dossier_view, name="dossier"),
    path("<int:pk>/act/", views.dossier_action, name="act"),
    path("<int:pk>/assign/", views.dossier_assign, name="assign"),
    path("<int:pk>/refetch/", views.source_refetch, name="refetch"),
    path("<int:pk>/verify/", views.component_verify, name="verify"),
    path("<int:pk>/right-to-act/", right_to_act_views.right_verify, name="right-verify"),
    path("<int:pk>/refetch/<int:refetch_pk>/", views.refetch_comparison, name="refetch-comparison"),
    path("<int:pk>/apology/", slip_views.apology, name="apology"),
    path("<int:pk>/control-sheet.pdf", slip_views.control_sheet, name="slip-control"),
    path("<int:pk>/signature-preview.pdf", slip_views.signature_preview, name="signature-preview"),
    path("<int:pk>/national-status.json", views.national_status, name="national-status"),
]
