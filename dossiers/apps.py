from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from datasources.purposes import PurposeKind, current_labels_register
        from dossiers.purposes import dossiers_named_now

        current_labels_register(PurposeKind.DOSSIER, dossiers_named_now)
