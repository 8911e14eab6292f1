"""The demo citizen's returned dossier has the history of a real one: each
move at its own plausible time over a few working days, in order, the result
issued on its due date and returned before the day of seeding."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dossiers.demo import demo_citizen_dossier_ensure, demo_timeline
from dossiers.models import DossierStatus
from portal.core.working_days import due_date, is_working_day, received_on
from portal.notifications.models import Notification
from portal.pdf import vietnamese_datetime
from tests.pdf.reading import pdf_text
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

MOVES = ["submit", "receive", "start_processing", "propose_approval", "approve", "return_result"]


def test_the_demo_dossier_history_is_spread_over_working_days_in_order(
    citizen, commune_official, ward_leader
):
    ProcedureFactory(
        code="1.010039", name="Xác nhận thông tin về cư trú", processing_days=1,
        result_type="Giấy xác nhận thông tin về cư trú (Mẫu CT07)",
    )  # fmt: skip

    dossier = demo_citizen_dossier_ensure()

    assert dossier.status == DossierStatus.RESULT_RETURNED
    events = list(dossier.events.order_by("at", "id"))
    assert [e.action for e in events] == MOVES
    times = [e.at for e in events]
    assert times == sorted(times) and len(set(times)) == len(times)
    local = [timezone.localtime(t) for t in times]
    # Submitted online one evening; received and worked on in office hours of working days.
    assert local[0].hour >= 17
    assert all(is_working_day(t.date()) and 7 <= t.hour < 17 for t in local[1:])
    assert len({t.date() for t in local}) >= 3
    # Consistent with its deadline: received on the day the submission counts
    # from, the result issued by the due date, all of it before today.
    dossier.refresh_from_db()
    assert dossier.submitted_at == times[0] and dossier.code.startswith(f"11311-{local[0]:%y%m%d}-")
    assert dossier.due_date == due_date(dossier.submitted_at, 1)
    assert local[1].date() == received_on(dossier.submitted_at)
    assert local[4].date() <= dossier.due_date < timezone.localdate()
    assert dossier.created_at < dossier.submitted_at and dossier.updated_at == times[-1]
    # Proposed by the ward's official, signed by its chairman, in whose name the result is.
    assert [e.actor for e in events[3:5]] == [commune_official, ward_leader]
    [result] = dossier.results.all()
    assert (result.issued_at, result.returned_at) == (times[4], times[5])
    assert result.issued_by == ward_leader
    text = pdf_text(result.file.read())
    assert vietnamese_datetime(times[4]) in text and vietnamese_datetime(times[0]) in text
    assert "Đặng Quốc Hùng" in text and "CHỦ TỊCH" in text
    assert Notification.objects.get(user=citizen).created_at == times[5]
    told = Notification.objects.get(user=ward_leader)  # asked to sign, read once signed
    assert (told.created_at, told.read_at) == (times[3], times[4])
    # Seeding again leaves it as it was.
    assert demo_citizen_dossier_ensure() is None


@pytest.mark.parametrize("processing_days", [0, 1, 3, 5])
def test_the_demo_timeline_fits_any_processing_time_and_week(processing_days):
    monday = datetime.date(2026, 12, 7)
    for today in (monday + datetime.timedelta(days=n) for n in range(7)):
        times = demo_timeline(today=today, processing_days=processing_days)
        moves = [times.started, times.submitted, times.received, times.processing,
                 times.proposed, times.approved, times.returned]  # fmt: skip
        assert moves == sorted(moves) and len(set(moves)) == len(moves)
        assert times.due == due_date(times.submitted, processing_days)
        assert timezone.localtime(times.approved).date() == times.due < today
