"""The supplement brought to the one-stop desk (nộp hồ sơ bổ sung tại Bộ phận
tiếp nhận và trả kết quả), as the supplement request slip tells the applicant
they may. An official of the dossier's unit receives it on the applicant's
behalf and records what was handed in for each item asked: a scan, checked
as any upload is (its size, its type by its content, kept under a random
name), or the paper seen at the desk, no copy kept, as the counter does for a
new dossier. The supplement is then completed through the same path as the
online answer (dossiers.supplement_answers.supplement_complete): the same due date,
history, national status and notices; the request keeps who received it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dossiers.attachments import attachment_keep, upload_inspect, upload_rules
from dossiers.counter import CounterRefused
from dossiers.exceptions import TransitionRefused, UploadLimitReached
from dossiers.models import Attachment, Dossier, DossierStatus, SupplementRequest
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import official_check
from dossiers.supplement_answers import supplement_complete, supplement_items, supplement_open
from dossiers.supplement_requests import component_names
from portal.accounts.models import User


def supplement_receive_at_desk(
    *, dossier: Dossier, by: User, scans: Mapping[int, Sequence[UploadedFile]],
    papers_seen: Iterable[int], seen: SeenState | None = None,
) -> SupplementRequest:  # fmt: skip
    """Receive at the desk what the waiting supplement request asks: `scans`,
    files per component pk, kept as the dossier's files; `papers_seen`,
    component pks whose paper was seen (a scan of it kept instead, if both).
    An item the applicant already uploaded online since the request needs
    nothing more. Completes the supplement as the online answer does,
    recording that `by` received it at the desk. Raises CounterRefused (not
    an official of the unit, something not asked, an item asked with nothing
    for it), UploadRefused (a scan too large, not of an accepted type by its
    content, past the dossier's count of files), TransitionRefused when no
    supplement waits and DossierChanged when the dossier is no longer as
    `seen`. Nothing is kept then."""
    official_check(dossier=dossier, by=by, refusal=CounterRefused)
    scans = {pk: list(files) for pk, files in scans.items() if files}
    papers = set(papers_seen) - set(scans)  # a scan kept says more than a paper seen
    stored = []
    try:
        with transaction.atomic():
            dossier_unchanged_check(dossier=dossier, seen=seen)
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure")
                .get(pk=dossier.pk)
            )
            supplement = supplement_open(dossier=locked)
            if supplement is None or locked.status != DossierStatus.SUPPLEMENT_REQUESTED:
                raise TransitionRefused(
                    _(
                        "Hồ sơ không có yêu cầu bổ sung nào đang chờ. "
                        "No supplement request is waiting."
                    )
                )
            asked = {item.component.pk: item for item in supplement_items(supplement=supplement)}
            if set(scans) - set(asked) or papers - set(asked):
                raise CounterRefused(
                    _(
                        "Chỉ nhận các giấy tờ được yêu cầu bổ sung. "
                        "Only the documents the request asks for are received."
                    )
                )
            missing = [
                item.component for pk, item in asked.items()
                if not item.answered and pk not in scans and pk not in papers
            ]  # fmt: skip
            if missing:
                raise CounterRefused(
                    _(
                        "Chưa nhận: %(components)s. Hãy đính kèm bản quét hoặc xác nhận đã "
                        "xem bản giấy. Not received yet: %(components)s. Attach a scan or "
                        "confirm the paper was seen."
                    )
                    % {"components": component_names(missing)}
                )
            rules = upload_rules()
            count = sum(len(files) for files in scans.values())
            if Attachment.objects.filter(dossier=locked).count() + count > rules.max_files:
                raise UploadLimitReached(
                    _(
                        "Hồ sơ chỉ được có tối đa %(count)d tệp. "
                        "A dossier holds at most %(count)d files."
                    )
                    % {"count": rules.max_files}
                )
            # Every scan is checked before any is kept.
            checked = [
                (asked[pk].component, upload, upload_inspect(upload, rules))
                for pk, files in scans.items()
                for upload in files
            ]
            for component, upload, inspected in checked:
                attachment = attachment_keep(dossier=locked, component=component,
                                             upload=upload, inspected=inspected, by=by)  # fmt: skip
                stored.append((attachment.file.storage, attachment.file.name))
            supplement.papers_seen.set(papers)
            supplement_complete(
                dossier=dossier, locked=locked, supplement=supplement, by=by, at_desk=True
            )
    except BaseException:
        # The rows went with the transaction; their files go too.
        for storage, name in stored:
            storage.delete(name)
        raise
    return supplement
