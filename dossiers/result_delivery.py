"""How the applicant receives the result (hình thức nhận kết quả), chosen at
submission among the ways the procedure offers: online in their document
store, at the one-stop desk, or by the public postal service to an address
(Decision 45/2016/QĐ-TTg); the return step then follows the choice. A dossier
submitted before the choice was asked has none and is returned as before."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError, FormInvalid
from dossiers.models import Dossier
from procedures.models import Procedure, ResultDelivery

ADDRESS_MAX_LENGTH = 500
# The residence a postal address is first filled from, the current one first.
_RESIDENCE_BINDINGS = ("population.temporary_address", "population.permanent_address")


@dataclass(frozen=True)
class DeliveryRequest:
    """The way and the address as the applicant sent them, not yet checked."""

    how: str
    address: str = ""


def delivery_requested(data: Mapping) -> DeliveryRequest | None:
    """The choice a posted form or an API body carries; None when it carries
    none (a page or client from before the choice: the dossier keeps none)."""
    how = data.get("result_delivery")
    if how in (None, ""):
        return None
    address = data.get("delivery_address") or ""
    return DeliveryRequest(how=str(how), address=str(address))


def offered_deliveries(procedure: Procedure) -> list[ResultDelivery]:
    """The ways the procedure offers, in the catalog's order of the choices."""
    return procedure.result_delivery_ways


def delivery_fields(*, procedure: Procedure, request: DeliveryRequest | None) -> dict[str, str]:
    """The dossier's fields for the choice, checked against the procedure: an
    address only by post, required then. Raises FormInvalid (a way the
    procedure does not offer, an address missing or too long)."""
    if request is None:
        return {}
    offered = offered_deliveries(procedure)
    if request.how not in {way.value for way in offered}:
        raise FormInvalid(
            errors={
                "result_delivery": _(
                    "Thủ tục này không trả kết quả theo cách đã chọn; hãy chọn một trong: "
                    "%(vi)s. This procedure does not return its result that way; choose one "
                    "of: %(en)s."
                )
                % {"vi": _ways_said(offered, "vi"), "en": _ways_said(offered, "en")}
            }
        )
    address = " ".join(request.address.split()) if request.how == ResultDelivery.POST else ""
    if request.how == ResultDelivery.POST and not address:
        raise FormInvalid(
            errors={
                "delivery_address": _(
                    "Hãy nhập địa chỉ nhận kết quả qua bưu điện. "
                    "Enter the address to post the result to."
                )
            }
        )
    if len(address) > ADDRESS_MAX_LENGTH:
        raise FormInvalid(
            errors={
                "delivery_address": _(
                    "Địa chỉ dài quá %(max)d ký tự. The address is longer than %(max)d characters."
                )
                % {"max": ADDRESS_MAX_LENGTH}
            }
        )
    return {"result_delivery": request.how, "delivery_address": address}


def delivery_draft_fields(
    *, procedure: Procedure, request: DeliveryRequest | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The choice to keep with a draft, to go on later, and what is refused,
    per field: checked as at submission (delivery_fields), except that an
    address left blank by post is kept blank, as a draft may be incomplete
    (submission requires it). A refused way keeps nothing; a refused address
    keeps the way and the address saved before."""
    if request is None:
        return {}, {}
    try:
        return delivery_fields(procedure=procedure, request=request), {}
    except FormInvalid as error:
        refused = dict(error.errors)
    if "result_delivery" in refused:
        return {}, refused
    if not request.address.strip():
        return {"result_delivery": request.how, "delivery_address": ""}, {}
    return {"result_delivery": request.how}, refused


def _ways_said(ways: list[ResultDelivery], language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return "; ".join(str(way.label) for way in ways)


def residence_address(dossier: Dossier, fields: list | None = None) -> str:
    """The applicant's residence as a verified source gave it for the dossier,
    to fill the postal address with (editable); empty when none was read.
    `fields`: the dossier's e-form fields when the page has them already."""
    from dossiers import eforms

    if fields is None:
        fields = eforms.form_fields(dossier=dossier)
    for binding in _RESIDENCE_BINDINGS:
        for field in fields:
            if field.locked and field.binding == binding and field.value:
                return str(field.value)
    return ""


@dataclass(frozen=True)
class DeliveryChoiceState:
    """What the submission page shows: the ways offered, the one chosen (the
    first offered until the applicant picks), and the address to post to."""

    offered: list[ResultDelivery]
    chosen: str
    address: str


def delivery_choice_state(
    *, dossier: Dossier, posted: Mapping | None = None, fields: list | None = None
) -> DeliveryChoiceState:
    """The choice as the page draws it: what was posted, or else what the
    dossier keeps, or else the first way offered and the verified residence."""
    offered = offered_deliveries(dossier.procedure)
    posted = posted or {}
    chosen = posted.get("result_delivery") or dossier.result_delivery
    if chosen not in {way.value for way in offered}:
        chosen = offered[0].value if offered else ""
    if "delivery_address" in posted:
        address = str(posted.get("delivery_address") or "")
    else:
        address = dossier.delivery_address or residence_address(dossier, fields)
    return DeliveryChoiceState(offered=offered, chosen=chosen, address=address)


# A postal item's number as the postal service prints it (EE123456789VN).
_TRACKING_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{3,63}")


@dataclass(frozen=True)
class ReturnWay:
    """How the result is returned, as the return step records it."""

    how: str
    note: str = ""
    tracking_number: str = ""


def return_way(*, dossier: Dossier, how: str | None, tracking_number: str = "") -> ReturnWay:
    """The way to return the result of `dossier` (read under its lock): the
    applicant's choice when they made one (`how` may be left out), by post
    with the postal service's tracking number; without a choice, online or at
    the desk as the official picks. Raises DossierError for an unknown way, a
    way other than the applicant's, post without a choice, and a missing or
    malformed tracking number."""
    chosen = dossier.result_delivery
    how = how or chosen or ResultDelivery.ONLINE
    if how not in ResultDelivery.values:
        raise DossierError(_("Cách trả kết quả không hợp lệ. Unknown way to return the result."))
    if chosen and how != chosen:
        raise DossierError(
            _(
                "Người nộp đã chọn nhận kết quả: %(vi)s; hãy trả theo cách đó. "
                "The applicant chose to receive the result: %(en)s; return it that way."
            )
            % {"vi": _ways_said([ResultDelivery(chosen)], "vi"),
               "en": _ways_said([ResultDelivery(chosen)], "en")}
        )  # fmt: skip
    if how == ResultDelivery.COUNTER:
        return ReturnWay(how=how, note=_("Trả kết quả tại quầy. Returned at the counter."))
    if how != ResultDelivery.POST:
        return ReturnWay(how=how)
    if not chosen:
        raise DossierError(
            _(
                "Người nộp không chọn nhận kết quả qua bưu điện nên hồ sơ không có địa chỉ gửi. "
                "The applicant did not choose to receive the result by post: there is no "
                "address to post it to."
            )
        )
    number = "".join(tracking_number.split()).upper()
    if not _TRACKING_NUMBER.fullmatch(number):
        raise DossierError(
            _(
                "Hãy nhập số hiệu bưu gửi (4–64 chữ cái, chữ số hoặc dấu gạch ngang, "
                "ví dụ EE123456789VN). Enter the postal tracking number (4–64 letters, digits "
                "or hyphens, e.g. EE123456789VN)."
            )
        )
    note = _(
        "Đã gửi kết quả qua dịch vụ bưu chính công ích, số hiệu bưu gửi %(number)s, đến: "
        "%(address)s. Result posted by the public postal service, tracking number %(number)s, "
        "to: %(address)s."
    ) % {"number": number, "address": dossier.delivery_address}
    return ReturnWay(how=how, note=note, tracking_number=number)
