from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasourcesConfig(AppConfig):
    name = "datasources"
    label = "datasources"
    verbose_name = _("Data sources")
