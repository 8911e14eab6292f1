from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    label = "procedures"
    verbose_name = _("Procedures")

    def ready(self) -> None:
        from procedures import signals  # noqa: F401 - connects the receivers
        from procedures.indexing import register_sqlite_fold

        # Names are searched folded (no diacritics) on SQLite as on PostgreSQL.
        connection_created.connect(register_sqlite_fold, dispatch_uid="procedures-fold")
