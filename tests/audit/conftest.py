import pytest

from portal.accounts.models import Role, User


@pytest.fixture
def admin_client(client):
    """A client logged in to the admin as an administrator, with a password."""
    admin = User.objects.create_superuser("root", password="a-long-admin-password-1")
    admin.role = Role.ADMINISTRATOR
    admin.save()
    assert client.login(username="root", password="a-long-admin-password-1")
    return client
