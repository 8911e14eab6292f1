from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Operations"

    def ready(self) -> None:
        from portal.core.vietnamese import register_sqlite_collation

        # SQLite has no Vietnamese collation: each new connection gets one.
        connection_created.connect(register_sqlite_collation, dispatch_uid="vietnamese-collation")
