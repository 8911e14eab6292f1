"""`manage.py run_gateway --port 8001`: the mock national data gateway alone,
on its own port, as the real one would be reached from the portal."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def gateway_hosts(*, bind_host: str) -> list[str]:
    """The host names this process answers to: the one in GATEWAY_URL (how the
    portal addresses it, e.g. `gateway` in docker compose), the loopback names
    (its healthcheck) and the address it is bound to, when it is a specific one."""
    hosts = [urlsplit(settings.GATEWAY_URL).hostname or "", *LOOPBACK_HOSTS]
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.append(bind_host)
    return [host for host in dict.fromkeys(hosts) if host]


class Command(BaseCommand):
    help = "Serve the mock national data gateway on its own address."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args, host: str, port: int, **options):
        # This process serves the gateway's URLs and nothing of the portal.
        settings.ROOT_URLCONF = "datasources.gateway.urls_standalone"
        # It is a plain-HTTP service on the internal network, even when the
        # portal's settings are in production mode: no redirect to HTTPS (read
        # by the middleware when the handler below is built), and it answers to
        # the name the portal reaches it by.
        settings.SECURE_SSL_REDIRECT = False
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *gateway_hosts(bind_host=host)]
        self.stdout.write(f"Mock national data gateway on http://{host}:{port}/gateway/")
        run(host, port, get_wsgi_application(), threading=True)
