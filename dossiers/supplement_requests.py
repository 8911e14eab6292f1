"""The supplement request (yêu cầu bổ sung, hoàn thiện hồ sơ) under the
once-only rule.

An official may ask the applicant, once per dossier and for every missing item
at once, for components of the dossier's procedure. A component that
electronic data replaces is never asked for: the attempt is refused with
ReplacedByData and recorded as a REPROVIDE_REFUSED compliance event, which
stays recorded although nothing else happens. The exception is a data gap
recorded with its evidence (dossiers.data_gaps). The applicant's answer is in
dossiers.supplement_answers."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.data_gaps import replacements_in_force
from dossiers.evidence import components_status
from dossiers.exceptions import DossierError, ReplacedByData, SupplementAlreadyRequested
from dossiers.models import DataGap, Dossier, SupplementRequest
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import official_check, transition
from portal.accounts.models import User
from portal.audit.models import ComplianceEventKind
from portal.audit.services import compliance_event_record
from portal.notifications.services import notify
from procedures.models import DossierComponent

logger = logging.getLogger(__name__)


def component_names(components: Iterable[DossierComponent]) -> str:
    """The components' names in one line, for a refusal or a notice."""
    return "; ".join(component.name for component in components)


def _once_only_check(dossier: Dossier, by: User, components: list[DossierComponent]) -> None:
    """Raises ReplacedByData, after recording the attempt, for any component
    data replaces that has no recorded data gap."""
    replaced = replacements_in_force(dossier=dossier, components=components)
    if not replaced:
        return
    gaps = set(
        DataGap.objects.filter(dossier=dossier, component__in=list(replaced)).values_list(
            "component_id", flat=True
        )
    )
    refused = [c for c in components if c.pk in replaced and c.pk not in gaps]
    if not refused:
        return
    # Recorded before the refusal is raised, outside any transaction of the
    # request: the attempt is counted although nothing else happens.
    compliance_event_record(
        kind=ComplianceEventKind.REPROVIDE_REFUSED, actor=by, reference=dossier.reference,
        detail={"dossier": dossier.pk, "components": [c.pk for c in refused],
                "sources": sorted({r.source for c in refused for r in replaced[c.pk]})},
    )  # fmt: skip
    logger.warning(
        "Re-provide request refused: dossier %s, components %s, by user %s",
        dossier.pk, [c.pk for c in refused], by.pk,
    )  # fmt: skip
    raise ReplacedByData(
        _(
            "Không được yêu cầu người nộp cung cấp lại giấy tờ đã được thay thế bằng dữ liệu "
            "điện tử: %(components)s. Nếu nguồn không có hoặc sai dữ liệu của người này, hãy "
            "ghi nhận thiếu dữ liệu kèm bằng chứng trước. The applicant may not be asked again "
            "for what electronic data replaces: %(components)s. If the source holds nothing or "
            "wrong data for this person, record a data gap with the evidence first."
        )
        % {"components": component_names(refused)},
        components=refused,
    )


def supplement_request(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str,
    seen: SeenState | None = None,
) -> SupplementRequest:  # fmt: skip
    """Ask the applicant, once per dossier, for every missing item at once.
    Raises ReplacedByData for any component electronic data replaces without
    a recorded data gap (the once-only rule; the attempt stays recorded as a
    compliance event), DossierError when the official is not of the unit, a
    component is not of the procedure, nothing is asked or no reason is
    given; SupplementAlreadyRequested when it was already made,
    TransitionRefused when the dossier's status does not allow it, and
    DossierChanged when it is no longer as `seen` (the page's view of it)."""
    components = supplement_request_check(
        dossier=dossier, by=by, components=components, reason=reason
    )
    return _supplement_request_save(
        dossier=dossier, by=by, components=components, reason=reason.strip(), seen=seen
    )


def supplement_request_check(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str
) -> list[DossierComponent]:
    """What supplement_request checks of the request itself before making it,
    for a page that asks the official to confirm it first: the components
    asked, each once. Raises ReplacedByData (the attempt recorded) and
    DossierError as supplement_request does; the dossier's state is checked
    only when the request is made."""
    official_check(dossier=dossier, by=by)
    components = list({component.pk: component for component in components}.values())
    if not components:
        raise DossierError(
            _("Hãy chọn các giấy tờ cần bổ sung. Choose the documents the applicant must provide.")
        )
    foreign = [c for c in components if c.procedure_id != dossier.procedure_id]
    if foreign:
        raise DossierError(
            _(
                "Giấy tờ không thuộc thủ tục của hồ sơ: %(components)s. "
                "Not part of the dossier's procedure: %(components)s."
            )
            % {"components": component_names(foreign)}
        )
    if not (reason or "").strip():
        raise DossierError(_("Cần nêu lý do. A reason is required."))
    _once_only_check(dossier, by, components)
    return components


@transaction.atomic
def _supplement_request_save(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str,
    seen: SeenState | None,
) -> SupplementRequest:  # fmt: skip
    dossier_unchanged_check(dossier=dossier, seen=seen)
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure")
        .get(pk=dossier.pk)
    )
    if SupplementRequest.objects.filter(dossier=locked).exists():
        raise SupplementAlreadyRequested(
            _(
                "Hồ sơ này đã được yêu cầu bổ sung một lần: mọi giấy tờ còn thiếu phải được nêu "
                "trong cùng một yêu cầu. A supplement was already requested for this dossier: "
                "every missing item is asked for at once, in one request."
            )
        )
    transition(dossier=locked, action="request_supplement", by=by, reason=reason)
    dossier.status = locked.status
    supplement = SupplementRequest.objects.create(dossier=locked, requested_by=by, reason=reason)
    supplement.components.set(components)
    ordered = sorted(components, key=lambda c: (c.position, c.pk))
    items = "\n".join(f"{number}. {c.name}" for number, c in enumerate(ordered, start=1))
    notify(
        user=locked.applicant,
        title=_(
            "Hồ sơ %(reference)s cần bổ sung giấy tờ. Dossier %(reference)s needs more documents."
        )
        % {"reference": locked.reference},  # fmt: skip
        body=_("Lý do / Reason: %(reason)s\nCần bổ sung / To provide:\n%(items)s")
        % {"reason": reason, "items": items},
        url=reverse("dossiers:supplement", args=[locked.pk]),
    )
    return supplement


def lawful_choices(*, dossier: Dossier) -> tuple[list, list]:
    """What the panel may offer: (components that may be asked for, replaced
    components whose data gap may still be recorded). A component data
    replaces is offered only once its data gap is recorded; the e-form filled
    in online is never asked for."""
    gaps = set(DataGap.objects.filter(dossier=dossier).values_list("component_id", flat=True))
    askable, gap_candidates = [], []
    for status in components_status(dossier=dossier):
        if status.e_form:
            continue
        if not status.replaced or status.component.pk in gaps:
            askable.append(status)
        else:
            gap_candidates.append(status)
    return askable, gap_candidates
