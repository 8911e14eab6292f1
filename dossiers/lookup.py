"""The public dossier look-up (tra cứu hồ sơ): whoever holds the receipt follows
the dossier by its code and the look-up key printed beside it, without logging
in: a walk-in applicant with no account, someone who filed for another.

The code alone is guessable (unit, day, number), so it never opens anything:
the key is random (dossiers.models.lookup_key_new), compared in constant time,
and an unknown code and a wrong key get the same answer. Attempts are counted
per address before the key is compared (so guesses sent in parallel cannot slip
past together) and the right ones given back: only wrong ones add up to
DOSSIER_LOOKUP_FAILURES. What the look-up shows is what is safe without a login
(public_status): no name, ID, address, form value or file."""

from __future__ import annotations

import datetime
import hmac
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.history import event_words
from dossiers.models import Dossier, DossierStatus
from dossiers.models.dossier import LOOKUP_KEY_ALPHABET, LOOKUP_KEY_LENGTH
from portal.core.rate_limits import rate_give_back, rate_hit, rate_parse

# <unit code>-YYMMDD-NNNN (dossiers.codes); unit codes are digits, capitals and dots.
_CODE = re.compile(r"[0-9A-Z][0-9A-Z._]{0,31}-\d{6}-\d{4,6}")
_CODE_MAX = 40  # Dossier.code
_KEY = re.compile(f"[{LOOKUP_KEY_ALPHABET}]{{{LOOKUP_KEY_LENGTH}}}")
_NO_KEY = "-" * LOOKUP_KEY_LENGTH  # no typed key equals it (not in the alphabet)


class LookupRefused(DossierError):
    """The look-up cannot be answered as asked; `status` is its HTTP status."""

    status = 400


class LookupNotFound(LookupRefused):
    """No dossier has this code with this key: the same whether the code is
    unknown or the key wrong, so that neither can be told from the other."""

    status = 404


class LookupThrottled(LookupRefused):
    """Too many wrong look-ups from this address: refused until `wait` seconds pass."""

    status = 429

    def __init__(self, message: str, *, wait: float) -> None:
        super().__init__(message)
        self.wait = wait


def code_normalised(raw: str | None) -> str:
    """The code as typed, without spaces around it, in capitals."""
    return (raw or "").strip().upper()


def key_normalised(raw: str | None) -> str:
    """The key as typed: capitals, without the spaces and dashes it is printed with."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def key_shown(key: str) -> str:
    """The key as printed and shown: two groups of four, easier to read back."""
    half = len(key) // 2
    return f"{key[:half]}-{key[half:]}" if key else ""


def lookup_page_url() -> str:
    """The absolute address of the look-up page, short enough to be typed."""
    return f"{settings.PORTAL_BASE_URL}{reverse('dossiers:lookup')}"


def lookup_url(dossier: Dossier) -> str:
    """The absolute address that opens the dossier's look-up at once (on the
    receipt and the slips, as text and QR code): its code and key, no row number."""
    query = urlencode({"code": dossier.code, "key": key_shown(dossier.lookup_key)})
    return f"{lookup_page_url()}?{query}"


def lookup_key_given(dossier: Dossier) -> str | None:
    """The key as shown, once the dossier can be looked up (submitted): for its
    applicant only, who passes it on to whom they filed for."""
    if dossier.status == DossierStatus.DRAFT or dossier.submitted_at is None:
        return None
    return key_shown(dossier.lookup_key)


def dossier_look_up(*, code: str, key: str, address: str) -> Dossier:
    """The submitted dossier with this code and look-up key. Raises
    LookupRefused for a malformed code or key (nothing counted), LookupNotFound
    for an unknown code or a wrong key alike, LookupThrottled past the limit."""
    code, key = code_normalised(code), key_normalised(key)
    if not code or not key:
        raise LookupRefused(_(
            "Nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận. "
            "Enter the dossier code and the look-up key printed on the receipt."
        ))  # fmt: skip
    if len(code) > _CODE_MAX or not _CODE.fullmatch(code):
        raise LookupRefused(_(
            "Mã hồ sơ có dạng <mã đơn vị>-YYMMDD-NNNN, ví dụ 11311-261124-0001. "
            "A dossier code reads <unit code>-YYMMDD-NNNN, e.g. 11311-261124-0001."
        ))  # fmt: skip
    if not _KEY.fullmatch(key):
        raise LookupRefused(_(
            "Mã tra cứu gồm 8 chữ và số in trên giấy tiếp nhận, ví dụ K7QM-4TZR. "
            "The look-up key is the 8 letters and digits printed on the receipt, e.g. K7QM-4TZR."
        ))  # fmt: skip
    rate = rate_parse(settings.DOSSIER_LOOKUP_FAILURES)
    counted = f"dossier-lookup:{address}"
    if rate is not None and (wait := rate_hit(key=counted, rate=rate)):
        raise LookupThrottled(
            _(
                "Quá nhiều lần tra cứu sai từ địa chỉ này. Vui lòng thử lại sau %(minutes)s "
                "phút. Too many wrong look-ups from this address: please try again in "
                "%(minutes)s minutes."
            ) % {"minutes": max(1, round(wait / 60))},
            wait=wait,
        )  # fmt: skip
    dossier = (
        Dossier.objects.select_related("procedure", "agency")
        .filter(code=code, submitted_at__isnull=False)
        .exclude(status=DossierStatus.DRAFT)
        .first()
    )
    # Compared even when no dossier has the code: the same work either way.
    expected = dossier.lookup_key if dossier is not None else _NO_KEY
    if not hmac.compare_digest(key.encode(), expected.encode()) or dossier is None:
        raise LookupNotFound(_(
            "Không tìm thấy hồ sơ có mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại cả hai trên "
            "giấy tiếp nhận. No dossier has this code and look-up key: check both against the "
            "receipt."
        ))  # fmt: skip
    if rate is not None:
        rate_give_back(key=counted, rate=rate)
    return dossier


@dataclass(frozen=True)
class PublicStatus:
    """A dossier as the look-up shows it: nothing that names or identifies a person."""

    code: str
    procedure: str
    procedure_code: str
    unit: str
    status: str
    last_step: str
    last_step_at: datetime.datetime | None
    submitted_at: datetime.datetime
    due_date: datetime.date | None
    expected: str
    result: str


def public_status(*, dossier: Dossier) -> PublicStatus:
    """What may be shown of the dossier to whoever holds its code and key."""
    event = dossier.events.order_by("-at", "-id").first()
    # The move in plain words, as the applicant's history says it; never its
    # reason, written by hand and possibly about the person. A fee paid is said
    # without the payment (which would name the official who took it).
    last_step = event_words(event) if event is not None else ""
    return PublicStatus(
        code=dossier.code,
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        unit=dossier.agency.name,
        status=dossier.get_status_display(),
        last_step=last_step,
        last_step_at=event.at if event is not None else None,
        submitted_at=dossier.submitted_at,
        due_date=dossier.due_date if dossier.result_awaited else None,
        expected=_expected(dossier),
        result=_result(dossier),
    )


def _expected(dossier: Dossier) -> str:
    """What the applicant is to do now; the how needs a login or the desk."""
    unit = dossier.agency.name
    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        return _(
            "Pay the fee: log in to the portal and pay it online from the dossier's page, or "
            "pay it at the one-stop desk of %(unit)s. The processing time runs from the payment."
        ) % {"unit": unit}
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
        return _(
            "Complete the dossier as the unit asked: log in to the portal to see what is "
            "asked and answer online, or bring the supplement request slip to the one-stop "
            "desk of %(unit)s."
        ) % {"unit": unit}
    if dossier.status == DossierStatus.RESULT_READY:
        return _(
            "Collect the result at the one-stop desk of %(unit)s, with the receipt and an "
            "identity document; if you filed online, log in to the portal to download it."
        ) % {"unit": unit}
    if dossier.is_closed:
        return _("Nothing: the dossier is closed")
    return _("Nothing: the unit is handling it")


def _result(dossier: Dossier) -> str:
    if dossier.status == DossierStatus.RESULT_READY:
        return _("Ready, to be collected.")
    if dossier.status == DossierStatus.RESULT_RETURNED:
        return _("Handed over.")
    if not dossier.result_awaited:
        return _("None: the dossier was closed without a result.")
    return _("Not yet.")
