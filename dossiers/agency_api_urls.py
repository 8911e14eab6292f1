from django.urls import path

from dossiers import api_agency as api

urlpatterns = [
    path("dossiers/", api.AgencyQueueApi.as_view(), name="api-agency-queue"),
    path("dossiers/<int:pk>/", api.AgencyDossierApi.as_view(), name="api-agency-dossier"),
    path("dossiers/<int:pk>/receive/", api.AgencyReceiveApi.as_view(),
         name="api-agency-receive"),
    path("dossiers/<int:pk>/start-processing/", api.AgencyStartProcessingApi.as_view(),
         name="api-agency-start-processing"),
    path("dossiers/<int:pk>/assign/", api.AgencyAssignApi.as_view(), name="api-agency-assign"),
    path("dossiers/<int:pk>/supplement-request/", api.AgencySupplementRequestApi.as_view(),
         name="api-agency-supplement-request"),
    path("dossiers/<int:pk>/data-gaps/", api.AgencyDataGapApi.as_view(),
         name="api-agency-data-gap"),
    path("dossiers/<int:pk>/propose-approval/", api.AgencyProposeApprovalApi.as_view(),
         name="api-agency-propose-approval"),
    path("dossiers/<int:pk>/propose-not-resolve/", api.AgencyProposeNotResolveApi.as_view(),
         name="api-agency-propose-not-resolve"),
    path("dossiers/<int:pk>/sign/", api.AgencySignApi.as_view(), name="api-agency-sign"),
    path("dossiers/<int:pk>/approve/", api.AgencyApproveApi.as_view(), name="api-agency-approve"),
    path("dossiers/<int:pk>/send-back/", api.AgencySendBackApi.as_view(),
         name="api-agency-send-back"),
    path("dossiers/<int:pk>/refuse/", api.AgencyRefuseApi.as_view(), name="api-agency-refuse"),
    path("dossiers/<int:pk>/return-result/", api.AgencyReturnResultApi.as_view(),
         name="api-agency-return-result"),
    path("dossiers/<int:pk>/history/", api.AgencyHistoryApi.as_view(),
         name="api-agency-history"),
]  # fmt: skip
