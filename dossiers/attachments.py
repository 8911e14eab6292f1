"""Files the applicant uploads for the components data does not replace (and
for data gaps). The file's type is decided by its content, never by its name;
it is kept under a random name in private storage, with its SHA-256, and
served only to those allowed to see the dossier. A refused file leaves
nothing behind."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dossiers.attachment_rounds import in_open_supplement
from dossiers.content_types import HEAD_BYTES, FileKind, accepted_kinds, sniff
from dossiers.evidence import REMOVE_STATUSES, UPLOAD_STATUSES, components_status
from dossiers.exceptions import (
    DossierError,
    ReplacedByData,
    UploadLimitReached,
    UploadRefused,
    UploadTooLarge,
    UploadTypeRefused,
)
from dossiers.models import Attachment, Dossier, DossierStatus, SupplementRequest
from dossiers.representation import authorisation_still_in_force
from dossiers.services import applicant_change_check
from portal.accounts.models import User
from portal.core.both_languages import choice_in_both_languages
from procedures.models import DossierComponent

NAME_MAX_LENGTH = 255


@dataclass(frozen=True)
class UploadRules:
    max_bytes: int
    max_files: int
    kinds: tuple[FileKind, ...]

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)

    @property
    def type_names(self) -> str:
        return ", ".join(kind.label for kind in self.kinds)

    @property
    def accept(self) -> str:
        """For the file picker: a hint to the browser, never what decides."""
        return ",".join(
            [kind.content_type for kind in self.kinds]
            + [extension for kind in self.kinds for extension in kind.extensions]
        )


def upload_rules() -> UploadRules:
    """The limits in force (settings DOSSIER_UPLOAD_MAX_MB, _MAX_FILES, _TYPES)."""
    return UploadRules(
        max_bytes=settings.DOSSIER_UPLOAD_MAX_MB * 1024 * 1024,
        max_files=settings.DOSSIER_UPLOAD_MAX_FILES,
        kinds=tuple(accepted_kinds(settings.DOSSIER_UPLOAD_TYPES)),
    )


def original_name_clean(name: str) -> str:
    """The applicant's file name as shown back: no path, no control characters,
    composed Unicode (Vietnamese diacritics as typed), at most 255 characters
    with the extension kept. It never reaches the disk."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip(" .")
    if not name:
        return "tep"
    stem, extension = os.path.splitext(name)
    if len(name) > NAME_MAX_LENGTH:
        extension = extension[:16]
        name = stem[: NAME_MAX_LENGTH - len(extension)] + extension
    return name


@dataclass(frozen=True)
class _Inspected:
    kind: FileKind
    size: int
    sha256: str


def _inspect(upload: UploadedFile, rules: UploadRules) -> _Inspected:
    """Read the file once: its size, its signature and its SHA-256. Raises
    UploadTooLarge, UploadTypeRefused, UploadRefused (an empty file)."""
    name = original_name_clean(upload.name)
    if upload.size is not None and upload.size > rules.max_bytes:
        raise _too_large(name, rules)
    digest = hashlib.sha256()
    head = b""
    size = 0
    for chunk in upload.chunks():
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > rules.max_bytes:
            raise _too_large(name, rules)
        digest.update(chunk)
    if size == 0:
        raise UploadRefused(
            _("Tệp “%(name)s” rỗng. The file “%(name)s” is empty.") % {"name": name}
        )
    kind = sniff(head, accepted=list(rules.kinds))
    if kind is None:
        raise UploadTypeRefused(
            _(
                "Tệp “%(name)s” không phải là %(types)s (kiểm tra theo nội dung tệp, không theo "
                "tên tệp). The file “%(name)s” is not a %(types)s file (its content was "
                "checked, not its name)."
            )
            % {"name": name, "types": rules.type_names}
        )
    return _Inspected(kind=kind, size=size, sha256=digest.hexdigest())


def upload_inspect(upload: UploadedFile, rules: UploadRules | None = None) -> _Inspected:
    """Check one uploaded file (size, type by content) as dossier uploads are
    checked: complaint evidence goes through the same gate."""
    return _inspect(upload, rules or upload_rules())


def _too_large(name: str, rules: UploadRules) -> UploadTooLarge:
    return UploadTooLarge(
        _(
            "Tệp “%(name)s” lớn hơn %(limit)s cho phép. "
            "The file “%(name)s” is larger than the %(limit)s allowed."
        )
        % {"name": name, "limit": filesizeformat(rules.max_bytes)}
    )


def attachment_add(
    *, dossier: Dossier, component: DossierComponent, upload: UploadedFile, by: User
) -> Attachment:
    """Keep a file the applicant uploads for a component, while the dossier is a
    draft or a supplement is requested. Refuses a component data replaces
    (ReplacedByData) unless its source holds nothing for this person (a data
    gap); a file too large (UploadTooLarge), of a type its content does not
    show to be accepted (UploadTypeRefused), or past the dossier's count
    (UploadLimitReached); TakenAtTheDesk for a draft the desk is taking; other
    refusals are DossierError. Nothing is kept then."""
    applicant_change_check(dossier, by)
    if component.procedure_id != dossier.procedure_id:
        raise DossierError(
            _(
                "Giấy tờ này không thuộc thủ tục của hồ sơ. "
                "This document is not part of the dossier's procedure."
            )
        )
    rules = upload_rules()
    with transaction.atomic():
        # The dossier's row lock serialises uploads: the count holds under
        # concurrent requests, and a submission waits for the upload.
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status not in UPLOAD_STATUSES:
            raise DossierError(
                _(
                    "Hồ sơ đang ở trạng thái “%(status_vi)s”, không thể tải thêm tệp. "
                    "The dossier is “%(status_en)s”; files cannot be added now."
                )
                % choice_in_both_languages(DossierStatus, dossier.status, "status")
            )
        if dossier.status == DossierStatus.DRAFT:  # a submitted dossier goes on regardless
            authorisation_still_in_force(dossier=dossier, agent=by)
        _component_open_check(dossier, component)
        if Attachment.objects.filter(dossier=dossier).count() >= rules.max_files:
            raise UploadLimitReached(
                _(
                    "Hồ sơ đã có đủ %(count)d tệp, số tối đa cho phép. "
                    "The dossier already holds %(count)d files, the most allowed."
                )
                % {"count": rules.max_files}
            )
        inspected = _inspect(upload, rules)
        return attachment_keep(
            dossier=dossier, component=component, upload=upload, inspected=inspected, by=by
        )


def attachment_keep(
    *, dossier: Dossier, component: DossierComponent, upload: UploadedFile,
    inspected: _Inspected, by: User,
) -> Attachment:  # fmt: skip
    """Store a file `upload_inspect` passed, with its row: under a random name,
    the name it was sent with kept apart. The file goes if the row is not saved."""
    attachment = Attachment(
        dossier=dossier,
        component=component,
        original_name=original_name_clean(upload.name),
        content_type=inspected.kind.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=by,
    )
    # upload_to gives the stored file a random name; the applicant's stays in the row.
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def _component_open_check(dossier: Dossier, component: DossierComponent) -> None:
    """Raises ReplacedByData for a component data replaces (unless a data gap),
    DossierError for the e-form filled in online."""
    status = next(
        (item for item in components_status(dossier=dossier) if item.component.pk == component.pk),
        None,
    )
    if status is None:
        raise DossierError(_("Không có giấy tờ này. Unknown document."))
    if status.e_form:
        raise DossierError(
            _(
                "Tờ khai này được điền trực tuyến, không cần tải lên. "
                "This form is filled in online; there is nothing to upload."
            )
        )
    if status.replaced and not status.data_gap:
        raise ReplacedByData(
            _(
                "“%(component)s” đã được thay thế bằng dữ liệu từ %(source)s: bạn không phải "
                "nộp giấy tờ này. “%(component)s” is replaced by data from %(source)s: you do "
                "not have to provide it."
            )
            % {"component": component.name, "source": status.source_name},
            components=[component],
        )


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """The applicant takes back a file: any before submission; while a
    supplement request waits, only a file uploaded for it, before the answer
    is sent. What was submitted stays in the dossier's record, an earlier
    file asked for again too (dossiers.attachment_rounds). Raises DossierError
    otherwise, and TakenAtTheDesk; nothing changes then. The file goes once
    the row is gone."""
    dossier = Dossier.objects.select_for_update().get(pk=attachment.dossier_id)
    applicant_change_check(dossier, by)
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
        waiting = SupplementRequest.objects.filter(
            dossier=dossier, answered_at__isnull=True
        ).first()
        if not in_open_supplement(attachment, waiting):
            raise DossierError(
                _(
                    "Tệp “%(name)s” đã được nộp trước khi cơ quan yêu cầu bổ sung: tệp được giữ "
                    "trong hồ sơ. Hãy tải lên bản mới bên cạnh. The file “%(name)s” was "
                    "submitted before the supplement request: it stays in the dossier's "
                    "record. Upload the new one next to it."
                )
                % {"name": attachment.original_name}
            )
    elif dossier.status not in REMOVE_STATUSES:
        raise DossierError(
            _(
                "Hồ sơ đã nộp giữ nguyên các tệp đã nộp. "
                "A submitted dossier keeps the files it was submitted with."
            )
        )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
