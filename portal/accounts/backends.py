"""Authentication backends: password login is for administrators only."""

from django.contrib.auth.backends import ModelBackend

from portal.accounts.models import Role


class AdministratorPasswordBackend(ModelBackend):
    """Django's model backend, refusing password login to everyone but
    administrators; citizens and officials log in through VNeID."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and (
            user.role == Role.ADMINISTRATOR and user.is_superuser
        )


class VNeIDSessionBackend(ModelBackend):
    """Keeps users who logged in through VNeID logged in. It authenticates no
    credentials itself: the identity provider did that."""

    def authenticate(self, request, **credentials):
        return None
