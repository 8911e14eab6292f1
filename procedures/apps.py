from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    label = "procedures"
    verbose_name = _("Procedures")

    def ready(self) -> None:
        from procedures import signals  # noqa: F401 - connects the receivers
