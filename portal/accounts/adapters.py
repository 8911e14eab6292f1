"""django-allauth adapters: VNeID is the only way in for citizens and officials."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Local sign-up does not exist: accounts come from VNeID.
        return False

    def login(self, request, user) -> None:
        if not hasattr(user, "backend"):
            user.backend = "portal.accounts.backends.VNeIDSessionBackend"
        super().login(request, user)


class VNeIDSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True
