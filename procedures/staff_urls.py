"""Service-center staff and leaders: drafting, approving and publishing replacement lists."""

from django.urls import path

from procedures import staff_views as views
from procedures.list_workflow import Action

app_name = "catalog-staff"
urlpatterns = [
    path("", views.lists_index, name="lists"),
    path("agencies/<int:agency_pk>/draft/", views.draft_start, name="draft-start"),
    path("lists/<int:pk>/", views.list_detail, name="list-detail"),
    path("lists/<int:pk>/entries/", views.entry_add, name="entry-add"),
    path("lists/<int:pk>/entries/<int:entry_pk>/remove/", views.entry_remove, name="entry-remove"),
    *(
        path(f"lists/<int:pk>/{action}/", views.list_step, {"action": action},
             name=f"list-{action}")
        for action in (Action.SUBMIT, Action.RETURN, Action.APPROVE, Action.PUBLISH)
    ),
    path("coverage/", views.coverage, name="coverage"),
]  # fmt: skip
