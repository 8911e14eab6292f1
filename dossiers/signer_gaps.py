"""Dossiers awaiting a signature no leader can give (chờ ký, đơn vị không còn lãnh
đạo ký duyệt): proposed while their unit had a leader, whose last one has been
deactivated or moved since. A proposal is refused in a unit without one
(dossiers.signing); this catches the leader who leaves afterwards, however
their account was changed (the administration, the staff API, a command).

Run hourly by Celery beat, it reports each such dossier once: to the
service-centre staff who serve the unit, who take up what no one of a unit
may (as for complaints), or to the portal's administrators where there are
none; and to the official who proposed it, who would otherwise wait unaware.
Once the unit has a leader again, that leader is asked to sign, and the
report is settled; signing, sending back or withdrawal settle it too
(dossiers.signing.signature_requests_settle)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierStatus
from dossiers.signing import (
    SIGNER_MISSING_PREFIX,
    last_proposal,
    signature_ask,
    signer_missing_action,
)
from portal.accounts.models import Role, User
from portal.accounts.selectors import service_centre_staff_for
from portal.notifications.models import Notification
from portal.notifications.services import notifications_settle, notify


def awaiting_without_signer() -> QuerySet[Dossier]:
    """The dossiers awaiting signature whose unit has no active leader."""
    leaders = User.objects.filter(role=Role.LEADER, is_active=True, agency_id=OuterRef("agency_id"))
    return Dossier.objects.filter(status=DossierStatus.AWAITING_SIGNATURE).filter(~Exists(leaders))


@dataclass
class SignerGaps:
    reported: int = 0  # newly found without a leader to sign them, and reported
    resumed: int = 0  # reported before, their unit's new leader now asked to sign


def _open_reports() -> set[int]:
    actions = Notification.objects.filter(
        action__startswith=SIGNER_MISSING_PREFIX, done_at__isnull=True
    ).values_list("action", flat=True)
    return {int(action.removeprefix(SIGNER_MISSING_PREFIX)) for action in actions}


def signer_gaps_run() -> SignerGaps:
    """Report each dossier newly awaiting a signature no leader can give; ask
    the new leader of a unit reported before to sign. Idempotent: a dossier
    is reported once while its report is open, even by concurrent runs."""
    outcome = SignerGaps()
    reported = _open_reports()
    missing = set(awaiting_without_signer().values_list("pk", flat=True))
    for pk in sorted(missing - reported):
        with transaction.atomic():
            # Locked, so that a concurrent run waits here and then finds the report.
            dossier = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure", "agency")
                .filter(pk=pk, status=DossierStatus.AWAITING_SIGNATURE)
                .first()
            )
            if (
                dossier is None
                or Notification.objects.filter(
                    action=signer_missing_action(dossier), done_at__isnull=True
                ).exists()
            ):
                continue
            _report(dossier, signer_missing_action(dossier))
            outcome.reported += 1
    for pk in sorted(reported - missing):
        with transaction.atomic():
            dossier = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure", "agency")
                .filter(pk=pk)
                .first()
            )
            if dossier is not None and dossier.status == DossierStatus.AWAITING_SIGNATURE:
                proposal = last_proposal(dossier=dossier)
                if proposal is not None:
                    signature_ask(dossier=dossier, event=proposal)
                    outcome.resumed += 1
            notifications_settle(action=f"{SIGNER_MISSING_PREFIX}{pk}")
    return outcome


def _report(dossier: Dossier, action: str) -> None:
    proposal = last_proposal(dossier=dossier)
    official = proposal.actor if proposal else None
    names = {
        "code": dossier.reference,
        "unit": dossier.agency.name,
        "procedure": dossier.procedure.name,
        "official": (official.full_name or official.username) if official else "—",
        "at": timezone.localtime(proposal.at).strftime("%d/%m/%Y %H:%M") if proposal else "—",
    }
    centre = list(service_centre_staff_for(agency=dossier.agency))
    told = centre or list(
        User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("id")
    )
    # The centre's staff have no workspace page for it; the administrators' list shows it.
    url = "" if centre else f"{reverse('admin:dossiers_dossier_changelist')}?signer=missing"
    title = (
        _(
            "Hồ sơ %(code)s chờ ký nhưng %(unit)s không còn lãnh đạo ký duyệt. Dossier "
            "%(code)s awaits a signature no leader of %(unit)s can give."
        )
        % names
    )
    body = (
        _(
            "%(procedure)s · Trình ký lúc %(at)s bởi %(official)s. Hãy phân công lãnh đạo ký "
            "duyệt cho đơn vị, hoặc kích hoạt lại tài khoản lãnh đạo, để hồ sơ được ký. Proposed "
            "on %(at)s by %(official)s. Have a leader of the unit set up to sign, or their "
            "account reactivated, so that the dossier can be signed."
        )
        % names
    )
    for user in told:
        notify(user=user, title=title, body=body, url=url, action=action)
    if official is not None and official.is_active:
        notify(
            user=official,
            title=_("Hồ sơ %(code)s chưa thể được ký: đơn vị không còn lãnh đạo ký duyệt. "
                    "Dossier %(code)s cannot be signed yet: the unit has no leader to sign "
                    "it.") % names,
            body=(
                _("Trung tâm Phục vụ hành chính công đã được thông báo; hồ sơ chờ đến khi có "
                  "lãnh đạo ký. The public administration service centre has been told; the "
                  "dossier waits until a leader can sign it.")
                if centre else
                _("Quản trị viên hệ thống đã được thông báo; hồ sơ chờ đến khi có lãnh đạo ký. "
                  "The portal's administrators have been told; the dossier waits until a "
                  "leader can sign it.")
            ),
            url=reverse("workspace:dossier", kwargs={"pk": dossier.pk}),
            action=action,
        )  # fmt: skip
