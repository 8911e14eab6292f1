from django.urls import path

from datasources.gateway import views
from portal import json_errors

app_name = "gateway"

urlpatterns = [
    path("healthz", json_errors.healthz, name="healthz"),
    path("v1/sources", views.sources, name="sources"),
    path("v1/sources/<str:source>/subjects/<str:personal_id>", views.subject_record, name="record"),
    path("v1/operator/behaviour/<str:source>", views.behaviour, name="behaviour"),
    path("v1/operator/corrections", views.corrections, name="corrections"),
]
