"""`manage.py gateway_behaviour --source population --latency-ms 300 --failure-rate 0.5`:
show or change the mock sources' latency and failure rate for every process."""

from django.core.management.base import BaseCommand, CommandError

from datasources.gateway.behaviour import behaviour_for
from datasources.gateway.records import served_sources
from datasources.gateway.services import GatewayError, behaviour_reset, behaviour_set


class Command(BaseCommand):
    help = "Show or change the mock gateway's latency and failure rate per source."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Source code; all sources when omitted")
        parser.add_argument("--latency-ms", type=int)
        parser.add_argument("--failure-rate", type=float)
        parser.add_argument("--reset", action="store_true", help="Back to the settings' defaults")

    def handle(self, *args, source=None, latency_ms=None, failure_rate=None, reset=False, **o):
        changing = latency_ms is not None or failure_rate is not None
        if changing and reset:
            raise CommandError("--reset cannot be combined with --latency-ms or --failure-rate.")
        if changing and not source:
            raise CommandError("--latency-ms and --failure-rate need --source.")
        if source and source not in served_sources():
            raise CommandError(
                f"Unknown source {source!r}; the gateway serves: {', '.join(served_sources())}."
            )
        codes = [source] if source else list(served_sources())
        try:
            if reset:
                for code in codes:
                    behaviour_reset(source=code)
            elif changing:
                behaviour_set(source=source, latency_ms=latency_ms, failure_rate=failure_rate)
        except GatewayError as error:
            raise CommandError(error.message) from error
        for code in codes:
            behaviour = behaviour_for(code)
            self.stdout.write(f"{code:<24} {behaviour.latency_ms:>6} ms  "
                              f"failure rate {behaviour.failure_rate:g}")  # fmt: skip
