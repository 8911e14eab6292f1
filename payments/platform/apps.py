from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentPlatformConfig(AppConfig):
    """The mock national payment platform (Nền tảng thanh toán trực tuyến, PayGov)."""

    name = "payments.platform"
    label = "payment_platform"
    verbose_name = _("Mock national payment platform")
    default_auto_field = "django.db.models.BigAutoField"
