from django.apps import AppConfig


class VNeIDProviderConfig(AppConfig):
    name = "portal.accounts.vneid_provider"
    label = "vneid_provider"
    verbose_name = "VNeID login"
