"""The demo's routing rules for Hải Phòng, and one complaint by the demo
citizen, so that the workspace and the public page have something to show."""

from __future__ import annotations

from complaints.models import Complaint, ComplaintCategory, RoutingRule
from complaints.routing import complaint_route
from complaints.services import Report, complaint_file
from portal.accounts.models import Agency, User
from procedures.models import Sector

HAI_PHONG, HONG_BANG = "31", "11311"
OFFICIAL = "031188002468"  # Lê Thị Hoa, one-stop desk of phường Hồng Bàng
CITIZEN = "031090001234"  # Nguyễn Văn An

# (position, category, sector code, unit code, target agency code, target official)
RULES = (
    (10, ComplaintCategory.REPROVIDE_DATA, "", HONG_BANG, HONG_BANG, OFFICIAL),
    (20, ComplaintCategory.CERTIFIED_COPY, "", HONG_BANG, HONG_BANG, OFFICIAL),
    (30, "", "ho-tich", HAI_PHONG, f"{HAI_PHONG}.STP", None),
    (40, ComplaintCategory.LATE_PROCESSING, "", HAI_PHONG, f"{HAI_PHONG}.TTPVHCC", None),
)


def demo_routing_rules_ensure() -> int:
    """Create the demo rules unless rules exist already (a center's own rules
    are never touched). Returns how many were created."""
    if RoutingRule.objects.exists():
        return 0
    agencies = {a.code: a for a in Agency.objects.filter(
        code__in={code for rule in RULES for code in (rule[3], rule[4])})}  # fmt: skip
    sectors = {s.code: s for s in Sector.objects.filter(code__in={rule[2] for rule in RULES})}
    created = 0
    for position, category, sector, unit, target, official in RULES:
        if unit not in agencies or target not in agencies or (sector and sector not in sectors):
            continue
        RoutingRule.objects.create(
            position=position, category=category, sector=sectors.get(sector),
            unit=agencies[unit], target_agency=agencies[target],
            target_official=User.objects.filter(personal_id=official).first() if official else None,
            note="Demo",
        )  # fmt: skip
        created += 1
    return created


def demo_complaint_ensure() -> Complaint | None:
    """The demo citizen's complaint about being asked for a copy of his ID card."""
    citizen = User.objects.filter(personal_id=CITIZEN).first()
    unit = Agency.objects.filter(code=HONG_BANG).first()
    if citizen is None or unit is None:
        return None
    existing = Complaint.objects.filter(reporter=citizen).first()
    if existing:
        return existing
    complaint = complaint_file(
        report=Report(
            category=ComplaintCategory.REPROVIDE_DATA, unit=unit,
            description=(
                "Khi nộp hồ sơ đăng ký thường trú cho con tại bộ phận một cửa, tôi bị yêu cầu "
                "nộp bản photo căn cước và giấy khai sinh của cháu, dù các thông tin này đã có "
                "trong Cơ sở dữ liệu quốc gia về dân cư."
            ),
            requested_item="Bản photo căn cước, giấy khai sinh của con",
        ),
        reporter=citizen,
    )  # fmt: skip
    # Routed now rather than by the worker, which may not be running yet.
    return complaint_route(complaint_id=complaint.pk) or complaint
