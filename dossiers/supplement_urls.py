"""Supplement requests and data gaps, from the official workspace; the applicant's answer,
online or brought to the desk."""

from django.urls import path

from dossiers import supplement_views

app_name = "supplements"
urlpatterns = [
    path("<int:pk>/", supplement_views.panel, name="panel"),
    path("<int:pk>/request/", supplement_views.supplement_request_view, name="request"),
    path("<int:pk>/data-gap/", supplement_views.data_gap_view, name="data-gap"),
    path("<int:pk>/received-at-desk/", supplement_views.received_at_desk, name="received-at-desk"),
    path("<int:pk>/asked/", supplement_views.asked, name="asked"),
    path("<int:pk>/answer/", supplement_views.answer, name="answer"),
]
