"""`manage.py run_payment_platform --port 8002`: the mock national payment
platform alone, on its own port, as the real one would be reached."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def platform_hosts(*, bind_host: str) -> list[str]:
    """The host names this process answers to: those of the addresses the
    portal and browsers use for it, the loopback names and the bound address."""
    addresses = (settings.PAYMENT_PLATFORM_URL, settings.PAYMENT_PLATFORM_PUBLIC_URL)
    hosts = [urlsplit(address).hostname or "" for address in addresses if address]
    hosts += LOOPBACK_HOSTS
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.append(bind_host)
    return [host for host in dict.fromkeys(hosts) if host]


class Command(BaseCommand):
    help = "Serve the mock national payment platform on its own address."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8002)

    def handle(self, *args, host: str, port: int, **options):
        # This process serves the platform's URLs and nothing of the portal,
        # over plain HTTP on the internal network (no redirect to HTTPS).
        settings.ROOT_URLCONF = "payments.platform.urls_standalone"
        settings.SECURE_SSL_REDIRECT = False
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *platform_hosts(bind_host=host)]
        self.stdout.write(
            f"Mock national payment platform on http://{host}:{port}/payment-platform/"
        )
        run(host, port, get_wsgi_application(), threading=True)
