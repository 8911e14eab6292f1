from django.urls import path

from dossiers.api_citizen import attachments, dossiers, eform, filed_for_you

urlpatterns = [
    path("", dossiers.CitizenDossiersApi.as_view(), name="api-citizen-dossiers"),
    path("<int:pk>/", dossiers.CitizenDossierApi.as_view(), name="api-citizen-dossier"),
    # Filed for the caller by someone else: followed read-only.
    path("filed-for-me/", filed_for_you.FiledForMeApi.as_view(),
         name="api-citizen-filed-for-me"),
    path("filed-for-me/<int:pk>/", filed_for_you.FiledForMeDossierApi.as_view(),
         name="api-citizen-filed-for-me-dossier"),
    path("<int:pk>/form/", eform.CitizenDossierFormApi.as_view(), name="api-citizen-dossier-form"),
    path("<int:pk>/confirm/", dossiers.CitizenDossierConfirmApi.as_view(),
         name="api-citizen-dossier-confirm"),
    path("<int:pk>/submit/", dossiers.CitizenDossierSubmitApi.as_view(),
         name="api-citizen-dossier-submit"),
    path("<int:pk>/attachments/", attachments.CitizenDossierAttachmentsApi.as_view(),
         name="api-citizen-dossier-attachments"),
    path("<int:pk>/attachments/<int:attachment_pk>/",
         attachments.CitizenDossierAttachmentApi.as_view(),
         name="api-citizen-dossier-attachment"),
    path("<int:pk>/supplement/answer/", dossiers.CitizenSupplementAnswerApi.as_view(),
         name="api-citizen-supplement-answer"),
    path("<int:pk>/withdraw/", dossiers.CitizenDossierWithdrawApi.as_view(),
         name="api-citizen-dossier-withdraw"),
]  # fmt: skip
