"""The figures refresh runs on a real worker over Redis, as beat sends it:
today's figures appear for the unit, and a second run leaves the same rows."""

import time

import pytest
from django.utils import timezone

from dossiers.models import Channel, DossierStatus
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from portal.dashboards.models import UnitDayFigures
from portal.dashboards.tasks import figures_refresh
from tests.accounts.factories import ProvinceFactory, WardFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _refreshed_after(moment, *, timeout: float = 20.0) -> list[UnitDayFigures]:
    deadline = time.monotonic() + timeout
    while True:
        rows = list(UnitDayFigures.objects.filter(refreshed_at__gt=moment))
        if rows:
            return rows
        assert time.monotonic() < deadline, f"no figures refreshed within {timeout} s"
        time.sleep(0.1)


def test_a_real_worker_refreshes_today_s_figures_idempotently(live_worker):
    ward = WardFactory(code="11311", name="UBND phường Hồng Bàng", parent=ProvinceFactory())
    DossierFactory(agency=ward, channel=Channel.ONLINE, status=DossierStatus.SUBMITTED,
                   submitted_at=timezone.now())  # fmt: skip
    ComplianceEvent.objects.create(kind=ComplianceEventKind.REPROVIDE_REFUSED, agency=ward)

    started = timezone.now()
    figures_refresh.delay()
    (row,) = _refreshed_after(started)
    assert (row.agency, row.day) == (ward, timezone.localdate())
    assert (row.dossiers_received, row.dossiers_online, row.reprovide_refused) == (1, 1, 1)

    again = timezone.now()
    figures_refresh.delay()
    (row,) = _refreshed_after(again)
    assert (row.dossiers_received, row.reprovide_refused) == (1, 1)
    assert UnitDayFigures.objects.count() == 1
