"""What the supplement panel and the applicant's section show, wherever they are included."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from dossiers import data_gaps, supplement_answers, supplement_requests
from dossiers.models import DataGap, Dossier, DossierStatus, SupplementRequest
from dossiers.states import Actor, actor_kind, allowed_actions

register = template.Library()


@dataclass
class PanelState:
    official: bool = False
    supplement: SupplementRequest | None = None
    items: list = field(default_factory=list)
    can_request: bool = False
    askable: list = field(default_factory=list)
    # Waiting for the applicant, who may bring it to the one-stop desk instead.
    can_receive_at_desk: bool = False
    can_record_gap: bool = False
    gap_candidates: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    evidence_max_length: int = data_gaps.EVIDENCE_MAX_LENGTH

    @property
    def shown(self) -> bool:
        """Something to read or do: a past request, a request to make, data gaps.
        A dossier where none is possible any more shows no panel at all."""
        return bool(
            self.supplement or self.can_request or self.gaps
            or (self.can_record_gap and self.gap_candidates)
        )  # fmt: skip


@register.simple_tag(takes_context=True)
def supplement_panel_state(context, dossier: Dossier) -> PanelState:
    """Only lawful choices: components data replaces are offered for a
    supplement once their data gap is recorded, never before."""
    request = context.get("request")
    user = getattr(request, "user", None)
    state = PanelState()
    if user is None or actor_kind(dossier=dossier, user=user) != Actor.OFFICIAL:
        return state
    state.official = True
    state.supplement = (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by", "received_by")
        .first()
    )
    if state.supplement is not None:
        state.items = supplement_answers.supplement_items(supplement=state.supplement)
        state.can_receive_at_desk = (
            state.supplement.answered_at is None
            and dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
        )
    state.gaps = list(
        DataGap.objects.filter(dossier=dossier)
        .select_related("component", "recorded_by", "correction_request")
        .order_by("component__position", "id")
    )
    askable, gap_candidates = supplement_requests.lawful_choices(dossier=dossier)
    if state.supplement is None and "request_supplement" in allowed_actions(
        dossier=dossier, user=user
    ):
        state.can_request = True
        state.askable = askable
    if state.supplement is None and dossier.status in data_gaps.DATA_GAP_STATUSES:
        state.can_record_gap = True
        state.gap_candidates = gap_candidates
    return state


@register.simple_tag
def supplement_asked_state(dossier: Dossier) -> dict:
    """The supplement request waiting for the applicant, with each item's uploads."""
    supplement = supplement_answers.supplement_open(dossier=dossier)
    if supplement is None:
        return {}
    items = supplement_answers.supplement_items(supplement=supplement)
    return {
        "supplement": supplement,
        "items": items,
        "complete": all(item.answered for item in items),
        "can_answer": dossier.status == "supplement_requested",
    }
