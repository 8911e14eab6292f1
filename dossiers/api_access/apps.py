from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiAccessConfig(AppConfig):
    """Who calls the dossier APIs: agencies' case-management systems (by client
    credentials) and the idempotency keys of citizens' requests."""

    name = "dossiers.api_access"
    label = "api_access"
    verbose_name = _("Dossier API access")
