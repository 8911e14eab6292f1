from django.urls import path

from complaints import rule_views
from complaints import workspace_views as views

app_name = "complaint-workspace"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("disclosure/", views.disclosure_review, name="disclosure"),
    path("violations/", views.violation_list, name="violations"),
    path("rules/", rule_views.rules, name="rules"),
    path("rules/new/", rule_views.rule_edit, name="rule-new"),
    path("rules/<int:pk>/", rule_views.rule_edit, name="rule-edit"),
    path("<str:code>/", views.complaint_view, name="complaint"),
    path("<str:code>/act/", views.complaint_act, name="act"),
]
