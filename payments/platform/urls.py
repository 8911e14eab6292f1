from django.urls import path

from payments.platform import views
from portal import json_errors

app_name = "payment_platform"

urlpatterns = [
    path("healthz", json_errors.healthz, name="healthz"),
    path("v1/orders", views.orders, name="orders"),
    path("v1/orders/<str:order_id>", views.order, name="order"),
    path("v1/orders/<str:order_id>/cancel", views.order_cancel, name="order-cancel"),
    path("v1/orders/<str:order_id>/refund", views.order_refund, name="order-refund"),
    path("checkout/<str:transaction_id>", views.checkout, name="checkout"),
]
