from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from portal.accounts.vneid_provider.provider import VNeIDProvider

urlpatterns = default_urlpatterns(VNeIDProvider)
