"""Figures of data access: the parallel prefill against six sources of
different latencies (with the sequential baseline beside it), and a cached
purpose-bound lookup. The mock gateway runs on a real local port."""

from __future__ import annotations

import statistics
import threading
import time
from functools import cache

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

from bench.harness import figure, p95_ms

LATENCIES_MS = {
    "population": 50, "civil_status": 100, "vneid_documents": 150,
    "business_registration": 200, "insurance": 300, "land": 400,
}  # fmt: skip
FIELDS = {
    "population": ("full_name", "permanent_address"),
    "civil_status": ("birth_registration",),
    "vneid_documents": ("citizen_id_card",),
    "business_registration": ("businesses",),
    "insurance": ("social_insurance_number",),
    "land": ("land_use_certificates",),
}
RUNS = 5


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@cache
def _gateway_on_a_port() -> str:
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/gateway"
    return settings.GATEWAY_URL


@cache
def _unit():
    from portal.accounts.models import Agency, AgencyKind

    return Agency.objects.get_or_create(
        code="11311",
        defaults={"name": "UBND phường Hồng Bàng", "kind": AgencyKind.COMMUNE_COMMITTEE},
    )[0]


def _dossier_of_a_new_citizen(serial: int):
    from dossiers.models import Dossier
    from portal.accounts.models import User

    personal_id = f"031090{serial:06d}"
    citizen, _ = User.objects.get_or_create(username=personal_id, personal_id=personal_id)
    return Dossier.objects.create(procedure=_procedure(), agency=_unit(), applicant=citizen,
                                  subject_personal_id=personal_id)  # fmt: skip


def _procedure():
    from procedures.models import Procedure, Sector

    sector, _ = Sector.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    procedure, _ = Procedure.objects.get_or_create(
        code="1.001193",
        defaults={"name": "Đăng ký khai sinh", "sector": sector, "level": "commune",
                  "processing_days": 0, "online_level": "full", "result_type": "Giấy khai sinh"},
    )  # fmt: skip
    return procedure


def _slow_sources() -> None:
    from datasources.gateway.services import behaviour_set

    _gateway_on_a_port()
    for source, latency in LATENCIES_MS.items():
        behaviour_set(source=source, latency_ms=latency, failure_rate=0)


def _prefill_seconds(serial: int, *, parallel: bool) -> float:
    from datasources.services import LookupRequest, lookup, lookup_parallel
    from dossiers.purposes import dossier_purpose

    dossier = _dossier_of_a_new_citizen(serial)
    purpose = dossier_purpose(dossier)
    requests = [LookupRequest(source, dossier.subject_personal_id, fields)
                for source, fields in FIELDS.items()]  # fmt: skip
    started = time.perf_counter()
    if parallel:
        lookup_parallel(requests=requests, actor=dossier.applicant, purpose=purpose)
    else:
        for r in requests:
            lookup(source=r.source, subject=r.subject, fields=r.fields, actor=dossier.applicant,
                   purpose=purpose)  # fmt: skip
    return time.perf_counter() - started


@figure("prefill_fanout_ratio", unit="x", at_most=1.15, order=10)
def prefill_fanout_ratio() -> float:
    _slow_sources()
    _prefill_seconds(0, parallel=True)  # warm the connection pools
    walls = [_prefill_seconds(n, parallel=True) for n in range(1, RUNS + 1)]
    return statistics.median(walls) / (max(LATENCIES_MS.values()) / 1000)


@figure("prefill_sequential_ratio", unit="x", at_least=1.0, order=11)
def prefill_sequential_ratio() -> float:
    """The baseline: the same six reads one after the other (sum ÷ slowest ≈ 3)."""
    _slow_sources()
    walls = [_prefill_seconds(100 + n, parallel=False) for n in range(3)]
    return statistics.median(walls) / (max(LATENCIES_MS.values()) / 1000)


@figure("gateway_lookup_p95_ms", unit="ms", at_most=5, order=12)
def gateway_lookup_p95_ms() -> float:
    from datasources.fetching import FetchStatus
    from datasources.services import lookup
    from dossiers.purposes import dossier_purpose

    _slow_sources()
    dossier = _dossier_of_a_new_citizen(500)
    purpose = dossier_purpose(dossier)

    def cached_lookup() -> None:
        result = lookup(
            source="population",
            subject=dossier.subject_personal_id,
            fields=["full_name"],
            actor=dossier.applicant,
            purpose=purpose,
        )
        if result.status not in (FetchStatus.OK, FetchStatus.CACHED):
            raise RuntimeError(f"lookup answered {result.status}")

    cached_lookup()  # fetched once; the rest come from the cache
    return p95_ms(cached_lookup, samples=200)
