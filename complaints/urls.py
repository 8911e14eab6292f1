from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_new, name="new"),
    path("hotline/", views.complaint_hotline, name="hotline"),
    path("<str:code>/", views.complaint_track, name="track"),
    path("<str:code>/act/", views.complaint_reporter_act, name="reporter-act"),
]
