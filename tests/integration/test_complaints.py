"""Complaint routing runs on a real worker over Redis: a complaint committed
by the portal is routed by the worker, by the first matching rule."""

import time

import pytest

from complaints.models import Complaint, ComplaintCategory, ComplaintStatus
from complaints.services import Report, complaint_file
from tests.accounts.factories import CitizenFactory, ProvinceFactory, WardFactory
from tests.complaints.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _routed(complaint: Complaint, *, timeout: float = 20.0) -> Complaint:
    deadline = time.monotonic() + timeout
    while True:
        complaint.refresh_from_db()
        if not complaint.routing_due:
            return complaint
        assert time.monotonic() < deadline, f"{complaint.code} not routed within {timeout} s"
        time.sleep(0.1)


def test_a_real_worker_routes_a_filed_complaint_by_the_first_matching_rule(live_worker):
    province = ProvinceFactory()
    ward = WardFactory(code="11311", name="UBND phường Hồng Bàng", parent=province,
                       ward_code=11311)  # fmt: skip
    other = WardFactory(parent=province)
    RoutingRuleFactory(position=10, category=ComplaintCategory.CONDUCT, target_agency=other)
    rule = RoutingRuleFactory(position=20, unit=province, target_agency=ward)

    complaint = complaint_file(
        report=Report(category=ComplaintCategory.REPROVIDE_DATA,
                      description="Bị yêu cầu nộp bản sao.", unit=ward),
        reporter=CitizenFactory(),
    )  # fmt: skip

    complaint = _routed(complaint)
    assert complaint.status == ComplaintStatus.ROUTED
    assert complaint.responsible_agency == ward
    routing = complaint.routings.get()
    assert routing.automatic and routing.rule == rule
