"""A dossier someone else filed for a citizen, as that citizen (its subject,
người được thực hiện thủ tục) follows it: a child whose parent filed, a
principal whose agent filed under their authorisation. The procedure is
theirs, so they see where it stands: its status, its history in plain words,
its due date and the result issued to them. Nothing the applicant alone acts
on or holds (the fee and its payment, the supplement asked, the look-up key,
the receipt, the form and files, the rating) and nothing internal (the
officials' notes): only the unit's decisions on the procedure keep their
reason. Who may open it is dossiers.selectors.dossiers_filed_for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.document_store import results_of
from dossiers.history import event_words
from dossiers.models import Dossier, DossierStatus, ResultDocument
from portal.accounts.models import User

# The moves the history says to the applicant as "you": said to the subject without.
SUBJECT_WORDS = {
    "submit": gettext_lazy("The dossier was submitted online."),
    "request_fee": gettext_lazy(
        "The dossier was submitted online; it waits for the fee to be paid."
    ),
}
# The unit's decisions on the subject's procedure: why is theirs to read too.
# Any other reason (a supplement asked, a withdrawal, a leader's note) is the
# applicant's or the unit's.
DECISIONS_WITH_REASON = frozenset({"refuse_at_reception", "stop_processing", "not_resolve"})


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    words: str
    reason: str


@dataclass(frozen=True)
class FiledForYou:
    dossier: Dossier
    applicant_name: str
    acting_as: str  # how the applicant acts for them
    steps: list[Step]
    now: str  # what happens now, and who does it
    results: list[ResultDocument]


def filed_for_you(*, dossier: Dossier, user: User) -> FiledForYou:
    """What the dossier's subject `user` reads of a dossier another filed for
    them (one of dossiers_filed_for(user=user)); reads nothing from a source."""
    applicant = dossier.applicant.full_name or _("the person who filed it")
    steps = [
        Step(
            at=event.at,
            words=str(SUBJECT_WORDS.get(event.action) or event_words(event)),
            reason=event.reason if event.action in DECISIONS_WITH_REASON else "",
        )
        for event in dossier.events.all()
    ]
    return FiledForYou(
        dossier=dossier,
        applicant_name=applicant,
        acting_as=dossier.get_acting_basis_display(),
        steps=steps,
        now=_now(dossier, applicant),
        # The results issued to them; one issued for somebody else is not theirs.
        results=list(results_of(user=user).filter(dossier=dossier,
                                                  subject_personal_id=user.personal_id)),
    )  # fmt: skip


def _now(dossier: Dossier, applicant: str) -> str:
    named = {"applicant": applicant, "unit": dossier.agency.name}
    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        return _("The fee is awaited: %(applicant)s, who filed the dossier, pays it.") % named
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
        return (
            _(
                "The unit asked for the dossier to be completed: %(applicant)s, who filed it, "
                "answers."
            )
            % named
        )
    if dossier.status == DossierStatus.RESULT_READY:
        return (
            _(
                "The result is ready: %(applicant)s, who filed the dossier, collects it from "
                "%(unit)s."
            )
            % named
        )
    if dossier.is_closed:
        return _("Nothing: the dossier is closed")
    return _("Nothing: the unit is handling it")
