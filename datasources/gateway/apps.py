from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewayConfig(AppConfig):
    """The mock national data gateway (LGSP/NDXP) and the databases behind it."""

    name = "datasources.gateway"
    label = "gateway"
    verbose_name = _("Mock national data gateway")
    default_auto_field = "django.db.models.BigAutoField"
