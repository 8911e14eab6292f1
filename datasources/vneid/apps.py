from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VNeIDConfig(AppConfig):
    """The mock VNeID identity provider: OpenID Connect, as the national e-ID speaks it."""

    name = "datasources.vneid"
    label = "vneid"
    verbose_name = _("Mock VNeID identity provider")
    default_auto_field = "django.db.models.BigAutoField"
