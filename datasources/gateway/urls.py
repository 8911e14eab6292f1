from django.urls import path

from datasources.gateway import views

app_name = "gateway"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("v1/sources", views.sources, name="sources"),
    path("v1/sources/<str:source>/subjects/<str:personal_id>", views.subject_record, name="record"),
    path("v1/operator/behaviour/<str:source>", views.behaviour, name="behaviour"),
    path("v1/operator/corrections", views.corrections, name="corrections"),
]
