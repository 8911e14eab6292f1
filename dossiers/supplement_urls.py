"""Supplement requests and data gaps, from the official workspace, and the
supplement the applicant brings to the desk. The applicant's own pages live
under their dossier (dossiers.urls); their old addresses here, in
notifications already sent, redirect there."""

from django.urls import path

from dossiers import supplement_views

app_name = "supplements"
urlpatterns = [
    path("<int:pk>/", supplement_views.panel, name="panel"),
    path("<int:pk>/request/", supplement_views.supplement_request_view, name="request"),
    path("<int:pk>/data-gap/", supplement_views.data_gap_view, name="data-gap"),
    path("<int:pk>/received-at-desk/", supplement_views.received_at_desk, name="received-at-desk"),
    path("<int:pk>/asked/", supplement_views.asked_moved),
    path("<int:pk>/answer/", supplement_views.answer_moved),
]
