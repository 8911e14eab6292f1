from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("<int:pk>/prefill/", views.prefill_page, name="prefill"),
    path("<int:pk>/prefill/panel/", views.prefill_panel, name="prefill-panel"),
    path("<int:pk>/prefill/retry/", views.prefill_retry_view, name="prefill-retry"),
]
