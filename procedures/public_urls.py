"""Public catalog pages (no login)."""

from django.urls import path

from procedures import public_views as views

app_name = "procedures"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("replacement-lists/", views.lists_index, name="lists"),
    path("replacement-lists/<str:agency_code>/", views.list_detail, name="list"),
    path("replacement-lists/<str:agency_code>/data.csv", views.list_csv, name="list-csv"),
    path(
        "replacement-lists/<str:agency_code>/upcoming.csv",
        views.list_upcoming_csv,
        name="list-upcoming-csv",
    ),
    path("replacement-lists/<str:agency_code>/data.json", views.list_json, name="list-json"),
    path("replacement-lists/<str:agency_code>/poster/", views.list_poster, name="list-poster"),
    path("<str:code>/", views.procedure_detail, name="procedure"),
]
