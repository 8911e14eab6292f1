"""A parent's or a legal representative's right to act, read again while the
draft for someone else is open, not only at submission (submission_right).
A draft lives for days, and its pages show the subject's data: a parent whose
child turned 18 or left the household, a representative the business
register no longer names, must not keep seeing it. So a page of the draft
reads the right again from its source once the last answer (or the check as
the draft started) is older than RIGHT_TRUSTED_FOR; once the source says the
right lapsed, the draft shows only that, and may only be discarded, as one
whose authorisation ended (ended_authorisation). A source that cannot be read
blocks nothing (the right was checked as the draft started, and is read again
at submission): the last answer stands, and the source is asked again only
after SOURCE_DOWN_RETRY_AFTER, not on every page. Each read is purpose-bound
to the dossier and logged as the applicant's, as at submission."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.registry import source_name
from dossiers.models import ActingBasis, Dossier, DossierStatus, DraftRightReading
from dossiers.submission_right import (
    READ_AGAIN_BASES,
    Right,
    draft_right_keep,
    right_read,
    right_read_needed,
)
from portal.accounts.models import User

RIGHT_TRUSTED_FOR = datetime.timedelta(minutes=30)
SOURCE_DOWN_RETRY_AFTER = datetime.timedelta(minutes=5)
PARENT_LABEL = "Xác minh lại quyền làm thủ tục thay cho con khi mở bản nháp"
REPRESENTATIVE_LABEL = "Xác minh lại người đại diện theo pháp luật khi mở bản nháp"


@dataclass(frozen=True)
class RightLapsed:
    """The source says the applicant may no longer act for the draft's subject."""

    right: Right
    subject: str  # the subject's personal ID, or the enterprise's code
    source: str
    read_at: datetime.datetime
    of_age: datetime.date | None = None

    @property
    def source_name(self) -> str:
        return source_name(self.source)

    @property
    def message(self) -> str:
        if self.right == Right.ADULT:
            assert self.of_age is not None  # said with ADULT
            return _(
                "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) đã "
                "đủ 18 tuổi ngày %(date)s, nên cha mẹ không còn làm thủ tục thay được: người đó "
                "cần tự nộp hồ sơ bằng tài khoản VNeID của mình, hoặc ủy quyền cho bạn trên "
                "Cổng. Bản nháp này không thể tiếp tục; bạn chỉ có thể xóa nó. According to the "
                "National Population Database, the person this draft is for (personal ID "
                "%(id)s) turned 18 on %(date)s, so a parent can no longer act for them: they "
                "must file it themselves with their own VNeID account, or authorise you on the "
                "portal. This draft cannot go on; you can only delete it."
            ) % {"id": self.subject, "date": self.of_age.strftime("%d/%m/%Y")}
        if self.right == Right.NOT_IN_HOUSEHOLD:
            return _(
                "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) "
                "không còn là con trong hộ của bạn, nên bạn không làm thủ tục thay được: cha mẹ "
                "trong hộ mà người đó đang ở có thể nộp hồ sơ; nếu thông tin hộ gia đình sai, "
                "hãy đề nghị Công an cấp xã điều chỉnh. Bản nháp này không thể tiếp tục; bạn chỉ "
                "có thể xóa nó. According to the National Population Database, the person this "
                "draft is for (personal ID %(id)s) is no longer a child of your household, so "
                "you cannot act for them: a parent in the household they now belong to may file "
                "it; if the household record is wrong, ask the commune police to correct it. "
                "This draft cannot go on; you can only delete it."
            ) % {"id": self.subject}
        return _(
            "Theo CSDL quốc gia về đăng ký doanh nghiệp, bạn không còn là người đại diện theo "
            "pháp luật của doanh nghiệp %(code)s: người đại diện theo pháp luật hiện nay của "
            "doanh nghiệp cần nộp hồ sơ. Bản nháp này không thể tiếp tục; bạn chỉ có thể xóa "
            "nó. According to the National Business Registration Database, you are no longer "
            "the legal representative of enterprise %(code)s: its current legal representative "
            "must file it. This draft cannot go on; you can only delete it."
        ) % {"code": self.subject}


def draft_right_lapsed(*, dossier: Dossier, user: User) -> RightLapsed | None:
    """For a draft `user` started for someone else under a right a national
    source holds (a parent's, a legal representative's): how the right lapsed,
    once its source says so; None while it holds as far as known, and for any
    other dossier or user. Reads the source again (live, as `user`, for this
    dossier, logged) when the last answer is older than RIGHT_TRUSTED_FOR and
    the last attempt older than SOURCE_DOWN_RETRY_AFTER, and keeps what it says."""
    if (
        dossier.status != DossierStatus.DRAFT
        or dossier.applicant_id != user.pk
        or not right_read_needed(dossier)
    ):
        return None
    kept = DraftRightReading.objects.filter(dossier_id=dossier.pk).first()
    now = timezone.now()
    answered = kept.read_at if kept else dossier.created_at  # the check as the draft started
    asked = kept.tried_at if kept else dossier.created_at
    if now - answered >= RIGHT_TRUSTED_FOR and now - asked >= SOURCE_DOWN_RETRY_AFTER:
        label = PARENT_LABEL if dossier.acting_basis == ActingBasis.PARENT else REPRESENTATIVE_LABEL
        kept = draft_right_keep(dossier=dossier, reading=right_read(dossier=dossier, by=user,
                                                                    label=label))  # fmt: skip
    if kept is None or kept.right == Right.HOLDS.value:
        return None
    return RightLapsed(right=Right(kept.right), subject=dossier.subject_personal_id,
                       source=kept.source, read_at=kept.read_at, of_age=kept.of_age)  # fmt: skip


def draft_rights_lapsed(dossiers: Iterable[Dossier], *, user: User) -> dict[int, RightLapsed]:
    """Among `dossiers` (a list of `user`'s), the drafts whose right to act
    lapsed as their source last said it, by id: one query, and only when one
    of them is a draft under such a right; no source is read (their pages do)."""
    drafts = {
        dossier.pk: dossier for dossier in dossiers
        if dossier.status == DossierStatus.DRAFT and dossier.applicant_id == user.pk
        and dossier.acting_basis in READ_AGAIN_BASES
    }  # fmt: skip
    if not drafts:
        return {}
    kept = DraftRightReading.objects.filter(dossier_id__in=drafts).exclude(right=Right.HOLDS.value)
    return {
        reading.dossier_id: RightLapsed(
            right=Right(reading.right), subject=drafts[reading.dossier_id].subject_personal_id,
            source=reading.source, read_at=reading.read_at, of_age=reading.of_age,
        )
        for reading in kept
    }  # fmt: skip
