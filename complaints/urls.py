from django.urls import path

from complaints import public_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_new, name="new"),
    path("hotline/", views.complaint_hotline, name="hotline"),
    path("public/", public_views.disclosure_page, name="public"),
    path("public.csv", public_views.disclosure_csv, name="public-csv"),
    path("public.json", public_views.disclosure_json, name="public-json"),
    path("<str:code>/", views.complaint_track, name="track"),
    path("<str:code>/act/", views.complaint_reporter_act, name="reporter-act"),
    path("<str:code>/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
