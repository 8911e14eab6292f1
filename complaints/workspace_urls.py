from django.urls import path

from complaints import workspace_views as views

app_name = "complaint-workspace"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("disclosure/", views.disclosure_review, name="disclosure"),
    path("<str:code>/", views.complaint_view, name="complaint"),
    path("<str:code>/act/", views.complaint_act, name="act"),
]
