from django.core.management.base import BaseCommand, CommandError

from datasources.gateway.behaviour import behaviour_for
from datasources.gateway.records import served_sources
from datasources.gateway.services import GatewayError, behaviour_reset, behaviour_set


class Command(BaseCommand):
    help = "Show or change the mock gateway's latency and failure rate per source."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Source code; all sources when omitted (show only)")
        parser.add_argument("--latency-ms", type=int)
        parser.add_argument("--failure-rate", type=float)
        parser.add_argument("--reset", action="store_true", help="Back to the settings' defaults")

    def handle(self, *args, source=None, latency_ms=None, failure_rate=None, reset=False, **o):
        try:
            if source and reset:
                behaviour_reset(source=source)
            elif source and (latency_ms is not None or failure_rate is not None):
                current = behaviour_for(source)
                behaviour_set(
                    source=source,
                    latency_ms=current.latency_ms if latency_ms is None else latency_ms,
                    failure_rate=current.failure_rate if failure_rate is None else failure_rate,
                )
        except GatewayError as error:
            raise CommandError(error.message) from error
        for code in [source] if source else served_sources():
            behaviour = behaviour_for(code)
            self.stdout.write(f"{code:<24} {behaviour.latency_ms:>6} ms  "
                              f"failure rate {behaviour.failure_rate:g}")  # fmt: skip
