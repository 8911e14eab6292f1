from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Online payment of fees (thanh toán trực tuyến) through the national payment platform."""

    name = "payments"
    verbose_name = _("Online payments")
    default_auto_field = "django.db.models.BigAutoField"
