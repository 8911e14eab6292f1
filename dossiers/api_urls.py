from django.urls import path

from dossiers import api_citizen as api

urlpatterns = [
    path("", api.CitizenDossiersApi.as_view(), name="api-citizen-dossiers"),
    path("<int:pk>/", api.CitizenDossierApi.as_view(), name="api-citizen-dossier"),
    path("<int:pk>/form/", api.CitizenDossierFormApi.as_view(), name="api-citizen-dossier-form"),
    path("<int:pk>/confirm/", api.CitizenDossierConfirmApi.as_view(),
         name="api-citizen-dossier-confirm"),
    path("<int:pk>/submit/", api.CitizenDossierSubmitApi.as_view(),
         name="api-citizen-dossier-submit"),
    path("<int:pk>/attachments/", api.CitizenDossierAttachmentsApi.as_view(),
         name="api-citizen-dossier-attachments"),
    path("<int:pk>/supplement/answer/", api.CitizenSupplementAnswerApi.as_view(),
         name="api-citizen-supplement-answer"),
    path("<int:pk>/withdraw/", api.CitizenDossierWithdrawApi.as_view(),
         name="api-citizen-dossier-withdraw"),
]  # fmt: skip
