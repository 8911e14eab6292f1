"""Evidence kept across a complaint form sent back with errors. A browser
cannot fill a file input again, so a file that passed the checks (the same
gate as dossier uploads) is kept server-side under a random name, listed in
the session that sent it, and offered on the form by a token; the next post
of that session claims it. A token another session posts gives nothing.
Unclaimed files are purged within hours (Decree 13/2023: no longer than needed)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from complaints.models import HeldEvidence
from dossiers.attachments import original_name_clean, upload_inspect
from dossiers.exceptions import UploadRefused

logger = logging.getLogger(__name__)

HOLD_FOR = datetime.timedelta(hours=2)
SESSION_KEY = "complaints.held_evidence"
# More than one form's worth, for a citizen with two forms open; never unbounded.
SESSION_TOKENS_MAX = 12


def _session_tokens(session: SessionBase) -> list[str]:
    tokens = session.get(SESSION_KEY)
    return [token for token in tokens if isinstance(token, str)] if isinstance(tokens, list) else []


def evidence_hold(
    *, uploads: Sequence[UploadedFile], session: SessionBase
) -> tuple[list[HeldEvidence], int]:
    """Keep the uploads that pass the checks for this session. Returns those
    kept and how many were refused (complaint_check said why); raises nothing:
    a file that cannot be stored is simply not kept, and the form asks for it again."""
    held: list[HeldEvidence] = []
    refused = 0
    for upload in uploads:
        try:
            inspected = upload_inspect(upload)
        except UploadRefused:
            refused += 1
            continue
        finally:
            upload.seek(0)
        row = HeldEvidence(
            original_name=original_name_clean(upload.name or ""),
            content_type=inspected.kind.content_type, size=inspected.size,
            sha256=inspected.sha256,
        )  # fmt: skip
        try:
            row.file.save("held", upload, save=False)
            row.save()
        except Exception:
            logger.exception("Evidence of a refused complaint form could not be kept")
            if row.file.name:
                row.file.delete(save=False)
            continue
        held.append(row)
    if held:
        kept = [*_session_tokens(session), *(row.token for row in held)]
        session[SESSION_KEY] = kept[-SESSION_TOKENS_MAX:]
    return held, refused


def evidence_held(
    *, tokens: Iterable[str], session: SessionBase
) -> tuple[list[HeldEvidence], bool]:
    """The files `tokens` name that this session holds, in the order held, and
    whether any it held is gone (purged): that file must be attached again.
    Tokens the session never held are ignored, as unknown."""
    own = set(_session_tokens(session))
    asked = [token for token in dict.fromkeys(tokens) if token in own]
    held = list(HeldEvidence.objects.filter(token__in=asked))
    return held, len(held) < len(asked)


def evidence_release(*, tokens: Iterable[str], session: SessionBase) -> int:
    """The reporter removes files they attached before: those of this session
    named by `tokens` go now, rows and files."""
    own = set(_session_tokens(session))
    rows = HeldEvidence.objects.filter(token__in=[token for token in tokens if token in own])
    return held_evidence_delete(rows)


def held_evidence_delete(rows: Iterable[HeldEvidence]) -> int:
    """Delete held files, rows first: the files go once the deletion is committed."""
    rows = list(rows)
    if not rows:
        return 0
    files = [row.file for row in rows]
    with transaction.atomic():
        HeldEvidence.objects.filter(pk__in=[row.pk for row in rows]).delete()
        transaction.on_commit(lambda: _files_delete(files))
    return len(rows)


def _files_delete(files) -> None:
    for file in files:
        try:
            file.delete(save=False)
        except Exception:
            # The purge is not to stop on one file; the disk keeps an orphan only.
            logger.exception("Held evidence file %s could not be deleted", file.name)


def held_evidence_purge(*, older_than: datetime.timedelta = HOLD_FOR) -> int:
    """Delete the files never claimed by a complaint within `older_than`."""
    cutoff = timezone.now() - older_than
    return held_evidence_delete(HeldEvidence.objects.filter(held_at__lt=cutoff))
