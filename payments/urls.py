from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("dossiers/<int:pk>/", views.dossier_fee, name="dossier"),
    path("dossiers/<int:pk>/pay/", views.payment_start_view, name="start"),
    path("return/<str:order_id>/", views.payment_return, name="return"),
    path("webhook/", views.payment_webhook, name="webhook"),
]
