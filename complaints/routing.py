"""Routing a complaint to the agency responsible for it: ordered rules
(category × procedure or sector × unit), first match wins; when none
matches, the province's public administration service center takes it.
Every routing is recorded, automatic or manual, with the rule that matched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from complaints import states
from complaints.exceptions import ComplaintInvalid
from complaints.impartiality import is_concerned
from complaints.models import Complaint, ComplaintEvent, ComplaintStatus, Routing, RoutingRule
from complaints.notifications import reporter_notify
from complaints.services import text_characters_check
from portal.accounts.agencies import province_agency_code, service_center_code
from portal.accounts.models import Agency, User


@dataclass(frozen=True)
class Destination:
    agency: Agency
    official: User | None
    rule: RoutingRule | None  # None: the fallback


def rule_matches(rule: RoutingRule, complaint: Complaint) -> bool:
    if rule.category and rule.category != complaint.category:
        return False
    if rule.procedure_id and rule.procedure_id != complaint.procedure_id:
        return False
    if rule.sector_id and (
        complaint.procedure is None or complaint.procedure.sector_id != rule.sector_id
    ):
        return False
    return not rule.unit_id or complaint.unit.is_within(rule.unit)


def fallback_agency(unit: Agency) -> Agency:
    """The province's service center; the province itself, or the unit, if
    the tree has no center."""
    if unit.province_code is None:
        return unit
    candidates = Agency.objects.filter(
        code__in=[service_center_code(unit.province_code), province_agency_code(unit.province_code)]
    )
    by_code = {agency.code: agency for agency in candidates}
    return (
        by_code.get(service_center_code(unit.province_code))
        or by_code.get(province_agency_code(unit.province_code))
        or unit
    )


def destination_find(complaint: Complaint) -> Destination:
    """Rules are few (tens): reading them in order and matching here keeps the
    first-match semantics plain."""
    rules = RoutingRule.objects.filter(active=True).select_related(
        "unit", "target_agency", "target_official"
    )
    for rule in rules.order_by("position", "id"):
        if rule_matches(rule, complaint):
            return Destination(rule.target_agency, rule.target_official, rule)
    return Destination(fallback_agency(complaint.unit), None, None)


def _reporter_tell(complaint: Complaint, agency: Agency) -> None:
    # The agency is named in the body: twice over, a long name would not fit a title.
    reporter_notify(
        complaint=complaint,
        title=_("Phản ánh %(code)s đã được chuyển đến đơn vị xử lý. "
                "Complaint %(code)s was sent to the unit that handles it.")
        % {"code": complaint.code},
        body=_("Đơn vị xử lý: %(agency)s. Hạn trả lời: %(due)s. "
               "Handled by: %(agency)s. Answer due: %(due)s.")
        % {"agency": agency.name, "due": f"{complaint.due_date:%d/%m/%Y}"},
    )  # fmt: skip


def _route(*, complaint: Complaint, destination: Destination, automatic: bool, by, reason: str):
    if is_concerned(complaint, destination.official):
        # The rule's official is the one complained about: the unit, not them.
        destination = Destination(destination.agency, None, destination.rule)
    Routing.objects.create(
        complaint=complaint, agency=destination.agency, official=destination.official,
        automatic=automatic, rule=destination.rule, by=by, reason=reason,
    )  # fmt: skip
    changes = {
        "responsible_agency": destination.agency,
        "assigned_to": destination.official,
        "routing_due": False,
    }
    # The reporter follows which agency handles it, never who inside it does:
    # a change of hands within the agency tells them nothing.
    if complaint.responsible_agency_id != destination.agency.pk:
        _reporter_tell(complaint, destination.agency)
    if complaint.status == ComplaintStatus.RECEIVED:
        return states.transition(
            complaint=complaint, action="route", by=by, note=destination.agency.name, **changes
        )
    # Already routed once: the complaint keeps its status and changes hands.
    for name, value in changes.items():
        setattr(complaint, name, value)
    complaint.save(update_fields=list(changes))
    ComplaintEvent.objects.create(
        complaint=complaint, action="reroute", from_status=complaint.status,
        to_status=complaint.status, actor=by, note=reason or destination.agency.name,
    )  # fmt: skip
    return complaint


@transaction.atomic
def complaint_route(*, complaint_id: int) -> Complaint | None:
    """Route automatically if routing is due. Idempotent: a second run, or one
    for a complaint already routed, changes nothing and returns None."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("unit", "procedure")
        .filter(pk=complaint_id, routing_due=True)
        .first()
    )
    if complaint is None:
        return None
    return _route(
        complaint=complaint, destination=destination_find(complaint), automatic=True,
        by=None, reason="",
    )  # fmt: skip


@transaction.atomic
def complaint_reroute(
    *, complaint: Complaint, agency: Agency, by: User, reason: str, official: User | None = None
) -> Complaint:
    """Send the complaint elsewhere by hand; a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ComplaintInvalid(
            _("Nêu lý do chuyển phản ánh. Give the reason for re-routing."), field="reason"
        )
    text_characters_check(reason, field="reason")
    if official is not None and official.agency_id != agency.pk:
        raise ComplaintInvalid(
            _(
                "Cán bộ được chọn không thuộc cơ quan nhận phản ánh. "
                "The official chosen does not belong to that agency."
            ),
            field="official",
        )
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    return _route(
        complaint=locked, destination=Destination(agency, official, None), automatic=False,
        by=by, reason=reason,
    )  # fmt: skip
