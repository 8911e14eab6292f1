"""The fee a dossier will be charged, told to the applicant before they submit
it: the amount the submission records (the online rate online, the desk's at
the counter), and the catalog's words on what the fee is and who is exempt."""

from __future__ import annotations

from dataclasses import dataclass

from dossiers.counter import counter_fee_vnd
from dossiers.models import Channel, Dossier


@dataclass(frozen=True)
class FeeAhead:
    """What submitting the dossier will cost."""

    amount_vnd: int
    online: bool
    # The desk's rate, when submitting online costs less (Circular 75/2022/TT-BTC).
    desk_vnd: int | None
    # The catalog's note: phí or lệ phí, its basis, any exemption ("Miễn lệ phí …").
    note: str


def fee_ahead(*, dossier: Dossier) -> FeeAhead:
    """The fee submitting `dossier` records: what dossier_submit charges online
    (Procedure.online_fee_vnd), as counter_submit (counter_fee_vnd) at the desk."""
    procedure = dossier.procedure
    if dossier.channel == Channel.COUNTER:
        return FeeAhead(amount_vnd=counter_fee_vnd(procedure), online=False, desk_vnd=None,
                        note=procedure.fee_note)  # fmt: skip
    amount = procedure.online_fee_vnd
    desk = counter_fee_vnd(procedure)
    return FeeAhead(amount_vnd=amount, online=True, desk_vnd=desk if desk > amount else None,
                    note=procedure.fee_note)  # fmt: skip
