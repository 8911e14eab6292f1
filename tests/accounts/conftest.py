import pytest

from tests.accounts.vneid_browser import VNeIDBrowser


@pytest.fixture
def vneid_live(live_server, settings):
    """The portal and the mock VNeID served over HTTP, the portal registered
    with the provider at the live server's address."""
    settings.VNEID_ISSUER = f"{live_server.url}/vneid"
    settings.VNEID_REDIRECT_URIS = [f"{live_server.url}/accounts/vneid/login/callback/"]
    return live_server


@pytest.fixture
def browser(vneid_live) -> VNeIDBrowser:
    return VNeIDBrowser(base_url=vneid_live.url)
