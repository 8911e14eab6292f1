"""Which round each file of a dossier came with: the submission (round 0) or
its n-th supplement (yêu cầu bổ sung), and whether a later supplement asked
for its component again, the official having found it wrong. A submitted
file is never deleted: an earlier one stays in the record, marked as asked
for again, and superseded once the supplement brought a new one.

The round is read from the times, no field needed: files are added only
before submission and while a supplement request waits (the desk's scans
come with its completion), so a file uploaded after a request was made
belongs to it, as dossiers.supplement_answers counts its uploads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dossiers.models import Attachment, Dossier, DossierStatus, SupplementRequest


@dataclass(frozen=True)
class SubmittedFile:
    attachment: Attachment
    round: int  # 0: with the submission; n: with the n-th supplement
    supplement: SupplementRequest | None  # the request it answered, if any
    # A later request that asked for its component again: the official found it wrong.
    asked_again: SupplementRequest | None = None
    asked_again_round: int = 0
    # That request has its answer (a new file, or the paper seen at the desk).
    superseded: bool = False
    # Uploaded in the request still waiting: its applicant may take it back before sending.
    in_open_supplement: bool = False


def dossier_supplements(*, dossier: Dossier) -> list[SupplementRequest]:
    """The dossier's supplement requests, oldest first, with what each asked
    and the papers seen at the desk. None for a draft (no query)."""
    if dossier.status == DossierStatus.DRAFT:
        return []
    return list(
        SupplementRequest.objects.filter(dossier_id=dossier.pk)
        .order_by("created_at", "id")
        .prefetch_related("components", "papers_seen")
    )


def file_round(attachment: Attachment, supplements: list[SupplementRequest]) -> int:
    """0 for a file given with the submission, n for one of the n-th
    supplement (`supplements` oldest first)."""
    number = 0
    for index, supplement in enumerate(supplements, start=1):
        if attachment.uploaded_at >= supplement.created_at:
            number = index
    return number


def in_open_supplement(attachment: Attachment, supplement: SupplementRequest | None) -> bool:
    """Whether the file came with `supplement` while it still waits for its answer."""
    return (
        supplement is not None
        and supplement.answered_at is None
        and attachment.uploaded_at >= supplement.created_at
    )


def submitted_files(
    *, dossier: Dossier, attachments: Iterable[Attachment],
    supplements: list[SupplementRequest] | None = None,
) -> dict[int, list[SubmittedFile]]:  # fmt: skip
    """Component pk → its files with their round, newest first. One query
    (three when the dossier had a supplement) unless `supplements` are passed."""
    if supplements is None:
        supplements = dossier_supplements(dossier=dossier)
    attachments = list(attachments)
    rounds = {attachment.pk: file_round(attachment, supplements) for attachment in attachments}
    # Per (round, component): whether that round brought something for it.
    answered: set[tuple[int, int]] = {
        (rounds[attachment.pk], attachment.component_id) for attachment in attachments
    }
    for number, supplement in enumerate(supplements, start=1):
        answered.update((number, component.pk) for component in supplement.papers_seen.all())
    asked = [
        {component.pk for component in supplement.components.all()} for supplement in supplements
    ]
    files: dict[int, list[SubmittedFile]] = defaultdict(list)
    for attachment in sorted(attachments, key=lambda a: (a.uploaded_at, a.pk), reverse=True):
        number = rounds[attachment.pk]
        supplement = supplements[number - 1] if number else None
        # The first later request that asked for this component again.
        again = next(
            (later for later in range(number + 1, len(supplements) + 1)
             if attachment.component_id in asked[later - 1]),
            0,
        )  # fmt: skip
        files[attachment.component_id].append(
            SubmittedFile(
                attachment=attachment,
                round=number,
                supplement=supplement,
                asked_again=supplements[again - 1] if again else None,
                asked_again_round=again,
                superseded=bool(again) and (again, attachment.component_id) in answered,
                in_open_supplement=dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
                and in_open_supplement(attachment, supplement),
            )
        )
    return dict(files)
