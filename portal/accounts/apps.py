from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and agencies")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from portal.accounts.sessions import note_login_time

        # Django's one hook that every way of logging in passes through.
        user_logged_in.connect(note_login_time, dispatch_uid="note-login-time")
