"""`manage.py run_gateway --port 8001`: the mock national data gateway alone,
on its own port, as the real one would be reached from the portal."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application


class Command(BaseCommand):
    help = "Serve the mock national data gateway on its own address."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args, host: str, port: int, **options):
        # This process serves the gateway's URLs and nothing of the portal.
        settings.ROOT_URLCONF = "datasources.gateway.urls_standalone"
        self.stdout.write(f"Mock national data gateway on http://{host}:{port}/gateway/")
        run(host, port, get_wsgi_application(), threading=True)
