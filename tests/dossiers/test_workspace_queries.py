"""The official's queue costs the same number of queries whatever the number
of dossiers, the page, the filters, the search and the sort: no query per
row, per procedure or per status."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierStatus
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
QUEUE_VIEWS = [
    {}, {"page": "2"}, {"status": S.IN_PROCESSING}, {"deadline": "overdue"},
    {"deadline": "due_soon"}, {"sort": "submitted"}, {"sort": "-submitted", "page": "2"},
    {"procedure": "1.004222"}, {"mine": "on"},
    # The search box: a code's beginning, a whole code, a personal ID, a name.
    {"q": "11311-2612", "page": "2"}, {"q": "11311-261203-0001", "status": "all"},
    {"q": "031203004567", "status": S.SUBMITTED}, {"q": "nguyen van an"},
    {"q": "Trần Thị", "mine": "on"},
]  # fmt: skip
STATUSES = [S.SUBMITTED, S.RECEIVED, S.IN_PROCESSING, S.SUPPLEMENT_REQUESTED, S.RESULT_READY]


@pytest.fixture(autouse=True)
def _cache_of_this_test(settings):
    """A cache no other test run clears meanwhile (a shared Redis is cleared by
    every test): the working-day calendar is read once, then from the cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "queue-queries",
        }
    }


def _dossiers(unit, official, procedures, count: int, offset: int = 0) -> None:
    today = timezone.localdate()
    for n in range(offset, offset + count):
        DossierFactory(
            agency=unit, procedure=procedures[n % len(procedures)],
            status=STATUSES[n % len(STATUSES)], submitted_at=timezone.now(),
            due_date=today + datetime.timedelta(days=n % 7 - 3),
            assigned_to=official if n % 2 else None, code=f"{unit.code}-261203-{n:04d}",
            applicant__full_name=["Nguyễn Văn An", "Trần Thị Bình"][n % 2],
            **({"subject_personal_id": "031203004567"} if n % 3 == 0 else {}),
        )  # fmt: skip


def _queries_per_view(client) -> list[int]:
    counts = []
    for params in QUEUE_VIEWS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workspace:queue"), params)
        assert response.status_code == 200 and response.context["rows"], params
        counts.append(len(queries))
    return counts


def test_the_queue_needs_the_same_queries_for_60_dossiers_or_300(
    client, commune_official, hong_bang_ward, le_chan_ward
):
    procedures = [
        ProcedureFactory(code="1.004222", name="Đăng ký thường trú"),
        ProcedureFactory(code="1.001193", name="Đăng ký khai sinh"),
        ProcedureFactory(code="1.000656", name="Đăng ký khai tử"),
    ]
    client.force_login(commune_official, backend=LOGIN)
    _dossiers(hong_bang_ward, commune_official, procedures, 60)
    client.get(reverse("workspace:queue"))  # once-per-session reads are not the page's
    few = _queries_per_view(client)

    _dossiers(hong_bang_ward, commune_official, procedures, 240, offset=60)
    _dossiers(le_chan_ward, None, procedures, 30)
    many = _queries_per_view(client)

    assert many == few
    assert len(set(many)) == 1  # nor do the page, the filters or the sort add any
