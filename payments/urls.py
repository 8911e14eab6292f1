from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("dossiers/<int:pk>/", views.dossier_fee, name="dossier"),
    path("dossiers/<int:pk>/pay/", views.payment_start_view, name="start"),
    path("dossiers/<int:pk>/refund/<int:payment_id>/", views.payment_refund_view, name="refund"),
    path("return/<str:order_id>/", views.payment_return, name="return"),
    path("webhook/", views.payment_webhook, name="webhook"),
]
