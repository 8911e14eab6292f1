from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("dossiers/<int:pk>/", views.dossier_fee, name="dossier"),
    path("dossiers/<int:pk>/pay/", views.payment_start_view, name="start"),
    path("dossiers/<int:pk>/refund/<int:payment_id>/", views.payment_refund_view, name="refund"),
    # The fee receipt of the payment that settled the fee, or of a given paid one.
    path("dossiers/<int:pk>/fee-receipt.pdf", views.fee_receipt, name="fee-receipt"),
    path(
        "dossiers/<int:pk>/fee-receipt-<int:payment_id>.pdf",
        views.fee_receipt,
        name="fee-receipt-payment",
    ),
    path("return/<str:order_id>/", views.payment_return, name="return"),
    path("webhook/", views.payment_webhook, name="webhook"),
]
