"""The applicant's right to act for the subject, verified again by the unit.
A dossier submitted while its national source could not be read carries a
mark (submission_right.right_not_read_record): the submission went on, as a
source that is down never breaks one, and the right had been checked when the
draft started. An official of the unit reads the right again from that source,
as themselves, for this dossier, and logged. What it says is recorded: the
right holds (the warning is cleared), or it no longer holds (the official may
refuse the dossier at reception or stop processing it, that reason given). A
source that still does not answer changes nothing: try again later."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from datasources.registry import source_name
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import Dossier, DossierStatus, RightCheckOutcome, RightToActCheck
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import Actor, actor_kind
from dossiers.submission_right import Right, RightReading, right_read
from dossiers.verification import VERIFY_STATUSES, SourceNotAnswering
from portal.accounts.models import User
from portal.core.both_languages import choice_in_both_languages

# The outcomes the unit still has to act on: a warning on the dossier's page.
TO_ACT_ON = frozenset({RightCheckOutcome.NOT_READ, RightCheckOutcome.LAPSED})
# The moves that end a dossier whose applicant no longer has the right.
REFUSING_ACTIONS = ("refuse_at_reception", "stop_processing")


class RightCheckRefused(TransitionRefused):
    """The right cannot be verified again now: the dossier's status, or
    nothing is left to verify."""


def right_latest(*, dossier: Dossier) -> RightToActCheck | None:
    """Where the dossier's right to act stands after its submission: the latest
    reading, or None when there was never any doubt about it."""
    checks = dossier.right_checks.select_related("verified_by")
    return checks.order_by("-verified_at", "-pk").first()


def right_not_read(*, dossier: Dossier) -> RightToActCheck | None:
    """The mark left at submission, while nobody has read the right since."""
    latest = right_latest(dossier=dossier)
    return latest if latest and latest.outcome == RightCheckOutcome.NOT_READ else None


def right_verify(*, dossier: Dossier, by: User, seen: SeenState | None = None) -> RightToActCheck:
    """Read the applicant's right to act again from its source, as `by` (an
    official of the unit), for this dossier, logged and bypassing the cache, and
    record what it says. Raises DossierError (not an official of the unit),
    RightCheckRefused (a status where the unit no longer works the dossier,
    nothing to verify again), DossierChanged (not as `seen`), LookupRefused /
    LookupDenied as `lookup` does, and SourceNotAnswering when the source still
    cannot be read (nothing recorded). Not one transaction: the read is logged
    whatever follows."""
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise DossierError(
            _(
                "Chỉ cán bộ của đơn vị tiếp nhận hồ sơ được làm việc này. "
                "Only an official of the receiving unit may do this."
            )
        )
    with transaction.atomic():
        dossier_unchanged_check(dossier=dossier, seen=seen)
    _verifiable_check(dossier)
    reading = right_read(
        dossier=dossier, by=by, label="Cán bộ xác minh lại quyền làm thủ tục thay của người nộp"
    )
    if reading.right == Right.UNREADABLE:
        raise SourceNotAnswering(
            _(
                "%(source)s chưa phản hồi; chưa có gì thay đổi. Hãy thử lại sau. "
                "%(source)s did not answer; nothing changed. Try again later."
            )
            % {"source": source_name(reading.source)}
        )
    holds = reading.right == Right.HOLDS
    with transaction.atomic():
        # Under the dossier's lock: still open, and nobody read it meanwhile.
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in VERIFY_STATUSES or right_latest(dossier=locked) is None:
            raise RightCheckRefused(
                _(
                    "Hồ sơ vừa được người khác cập nhật; hãy tải lại trang. "
                    "The dossier was just changed by someone else; reload the page."
                )
            )
        return RightToActCheck.objects.create(
            dossier=dossier, source=reading.source, verified_by=by,
            outcome=RightCheckOutcome.CONFIRMED if holds else RightCheckOutcome.LAPSED,
            reason="" if holds else lapsed_reason(dossier, reading),
        )  # fmt: skip


def _verifiable_check(dossier: Dossier) -> None:
    if dossier.status not in VERIFY_STATUSES:
        raise RightCheckRefused(
            _(
                "Hồ sơ đang ở trạng thái “%(status_vi)s”, không thể xác minh lại quyền làm thủ "
                "tục thay. The dossier is “%(status_en)s”; the right to act cannot be verified "
                "again now."
            )
            % choice_in_both_languages(DossierStatus, dossier.status, "status")
        )
    latest = right_latest(dossier=dossier)
    if latest is None or latest.outcome not in TO_ACT_ON:
        raise RightCheckRefused(
            _(
                "Quyền làm thủ tục thay của người nộp hồ sơ này không chờ xác minh lại. "
                "The applicant's right to act for this dossier is not awaiting verification."
            )
        )


def lapsed_reason(dossier: Dossier, reading: RightReading) -> str:
    """Why the right no longer holds, as the applicant reads it as the reason
    the dossier was refused or stopped."""
    if reading.right == Right.ADULT:
        assert reading.of_age is not None  # said with ADULT
        return _(
            "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) đã đủ "
            "18 tuổi ngày %(date)s, nên người nộp không còn làm thủ tục thay với tư cách cha mẹ: "
            "người đó cần tự nộp hồ sơ. According to the National Population Database, the "
            "person this dossier is for (personal ID %(id)s) turned 18 on %(date)s, so the "
            "applicant can no longer act for them as a parent: they must file it themselves."
        ) % {"id": dossier.subject_personal_id, "date": reading.of_age.strftime("%d/%m/%Y")}
    if reading.right == Right.NOT_IN_HOUSEHOLD:
        return _(
            "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) không "
            "còn là con trong hộ của người nộp, nên người nộp không làm thủ tục thay được: cha "
            "mẹ trong hộ mà người đó đang ở có thể nộp hồ sơ. According to the National "
            "Population Database, the person this dossier is for (personal ID %(id)s) is no "
            "longer a child of the applicant's household, so the applicant cannot act for "
            "them: a parent in the household they now belong to may file it."
        ) % {"id": dossier.subject_personal_id}
    return _(
        "Theo CSDL quốc gia về đăng ký doanh nghiệp, người nộp không còn là người đại diện theo "
        "pháp luật của doanh nghiệp %(code)s: người đại diện theo pháp luật hiện nay của doanh "
        "nghiệp cần nộp hồ sơ. According to the National Business Registration Database, the "
        "applicant is no longer the legal representative of enterprise %(code)s: its current "
        "legal representative must file it."
    ) % {"code": dossier.subject_personal_id}


def right_check_words(check: RightToActCheck) -> str:
    """The history's line for a reading of the right to act, in plain words."""
    named = {"source": source_name(check.source)}
    if check.outcome == RightCheckOutcome.NOT_READ:
        words = _(
            "Khi nộp hồ sơ, chưa đọc được %(source)s để xác minh lại quyền làm thủ tục thay "
            "của người nộp; hồ sơ vẫn được nộp. At submission, %(source)s could not be read to "
            "verify again the applicant's right to act; the dossier was submitted all the same."
        )
    elif check.outcome == RightCheckOutcome.CONFIRMED:
        words = _(
            "Đã xác minh lại với %(source)s: người nộp vẫn có quyền làm thủ tục thay. "
            "Verified again with %(source)s: the applicant still has the right to act."
        )
    else:
        words = _(
            "Đã xác minh lại với %(source)s: người nộp không còn quyền làm thủ tục thay. "
            "Verified again with %(source)s: the applicant no longer has the right to act."
        )
    return words % named


def page_context(checks: list[RightToActCheck], *, allowed: list[str]) -> dict:
    """For the dossier's page, from its readings in time order: the one the
    unit still has to act on, and the moves it may refuse the dossier with."""
    latest = checks[-1] if checks else None
    if latest is None or latest.outcome not in TO_ACT_ON:
        return {"right_check": None, "right_refusals": []}
    lapsed = latest.outcome == RightCheckOutcome.LAPSED
    return {
        "right_check": latest,
        "right_refusals": [a for a in REFUSING_ACTIONS if lapsed and a in allowed],
    }
