from django.urls import path

from dossiers import (
    attachment_views,
    journey_views,
    lookup_views,
    result_views,
    slip_views,
    start_views,
    supplement_views,
    views,
)

app_name = "dossiers"

urlpatterns = [
    path("", journey_views.dossier_list, name="list"),
    path("start/<str:procedure_code>/", start_views.dossier_start, name="start"),
    path("start/<str:procedure_code>/children/", start_views.start_children, name="start-children"),
    path("authorisations/", journey_views.authorisations, name="authorisations"),
    # Public (no login): follow a dossier by its code and the key on its receipt.
    path("lookup/", lookup_views.dossier_lookup, name="lookup"),
    path("documents-store/", result_views.document_store, name="results"),
    path(
        "documents-store/<int:result_pk>/", result_views.document_download, name="result-download"
    ),
    path("results/verify/<str:token>/", result_views.result_verify, name="result-verify"),
    path(
        "authorisations/<int:pk>/revoke/",
        journey_views.authorisation_revoke,
        name="authorisation-revoke",
    ),
    path("<int:pk>/", journey_views.dossier_track, name="track"),
    path("<int:pk>/confirm/", journey_views.preview_confirm, name="confirm"),
    path("<int:pk>/form/", journey_views.dossier_form, name="form"),
    path("<int:pk>/form/save/", journey_views.dossier_form_save, name="form-save"),
    path("<int:pk>/form/autosave/", journey_views.dossier_form_autosave, name="form-autosave"),
    path("<int:pk>/form/wrong/", journey_views.value_wrong, name="value-wrong"),
    path("<int:pk>/submit/", journey_views.dossier_submit, name="submit"),
    path("<int:pk>/withdraw/", journey_views.dossier_withdraw, name="withdraw"),
    path("<int:pk>/rate/", journey_views.dossier_rate, name="rate"),
    path("<int:pk>/supplement/", supplement_views.asked, name="supplement"),
    path("<int:pk>/supplement/answer/", supplement_views.answer, name="supplement-answer"),
    path("<int:pk>/receipt.pdf", journey_views.dossier_receipt, name="receipt"),
    path("<int:pk>/slips/refusal.pdf", slip_views.refusal_slip, name="slip-refusal"),
    path(
        "<int:pk>/slips/supplement-<int:supplement_pk>.pdf",
        slip_views.supplement_slip,
        name="slip-supplement",
    ),
    path(
        "<int:pk>/slips/apology-<int:apology_pk>.pdf", slip_views.apology_slip, name="slip-apology"
    ),
    path("<int:pk>/discard/", journey_views.draft_discard, name="discard"),
    path("<int:pk>/prefill/", views.prefill_page, name="prefill"),
    path("<int:pk>/prefill/panel/", views.prefill_panel, name="prefill-panel"),
    path("<int:pk>/prefill/retry/", views.prefill_retry_view, name="prefill-retry"),
    path("<int:pk>/documents/", attachment_views.documents, name="documents"),
    path("<int:pk>/documents/reuse/", attachment_views.result_reuse_view, name="result-reuse"),
    path(
        "<int:pk>/documents/<int:attachment_pk>/",
        attachment_views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/documents/<int:attachment_pk>/remove/",
        attachment_views.attachment_remove_view,
        name="attachment-remove",
    ),
]
