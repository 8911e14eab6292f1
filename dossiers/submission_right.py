"""The applicant's right to act for the subject, read again from its source as
a draft is submitted. It was checked when the draft started, but a draft lives
for days (until drafts_purge takes it) while the household record changes (the
child moved to another household, or came of age) and the business register
names another legal representative. An authorisation is the portal's own
record: the submission checks it under the dossier's row lock
(representation.authorisation_still_in_force). The read is made outside any
transaction, so that the access log keeps it whatever follows."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from datasources.exceptions import SourceUnavailable
from datasources.purposes import Purpose
from dossiers.exceptions import NoRightToAct
from dossiers.models import ActingBasis, Dossier
from dossiers.purposes import LABEL_MAX_LENGTH, dossier_purpose
from dossiers.representation import (
    ChildRight,
    child_right,
    household_children,
    represented_enterprises,
)
from portal.accounts.models import User

# The bases whose right a national database holds, read again at submission.
READ_AGAIN_BASES = frozenset({ActingBasis.PARENT, ActingBasis.LEGAL_REPRESENTATIVE})


def right_read_needed(dossier: Dossier) -> bool:
    """Whether submitting this draft reads the applicant's right from a source first."""
    return dossier.acting_basis in READ_AGAIN_BASES


def _purpose(dossier: Dossier, label: str) -> Purpose:
    purpose = dossier_purpose(dossier)
    return replace(purpose, label=f"{label}: {purpose.label}"[:LABEL_MAX_LENGTH])


def acting_right_recheck(*, dossier: Dossier, by: User) -> None:
    """Read from its source now (not from the cache) whether the applicant may
    still act for the draft's subject: a parent for a child of their household
    under 18, a legal representative for the enterprise. Read as `by` (the
    applicant online, the official at the desk) for this dossier, and logged.
    Raises NoRightToAct, saying why and what to do, when the right no longer
    holds, and SourceUnavailable when the source cannot be read now; changes
    nothing of the dossier. Does nothing for any other basis, or once submitted."""
    if not right_read_needed(dossier) or dossier.submitted_at is not None:
        return
    if dossier.acting_basis == ActingBasis.PARENT:
        _child_recheck(dossier=dossier, by=by)
    else:
        _representative_recheck(dossier=dossier, by=by)


def _child_recheck(*, dossier: Dossier, by: User) -> None:
    children = household_children(
        applicant=dossier.applicant, reader=by, use_cache=False,
        purpose=_purpose(dossier, "Xác minh lại quyền làm thủ tục thay cho con khi nộp hồ sơ"),
    )  # fmt: skip
    if children is None:
        raise SourceUnavailable(
            _(
                "Chưa đọc được CSDL quốc gia về dân cư để xác minh lại quyền làm thủ tục thay "
                "cho con; hồ sơ chưa được nộp và bản nháp vẫn giữ nguyên. Vui lòng nộp lại sau "
                "ít phút. The National Population Database could not be read to check again "
                "your right to act for your child; the dossier was not submitted and the draft "
                "is kept as it is. Please submit again in a few minutes."
            )
        )
    right, of_age = child_right(children, dossier.subject_personal_id)
    if right == ChildRight.ADULT:
        assert of_age is not None  # said with ADULT
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) đã "
                "đủ 18 tuổi ngày %(date)s, nên cha mẹ không còn làm thủ tục thay được: người đó "
                "cần tự nộp hồ sơ bằng tài khoản VNeID của mình, hoặc ủy quyền cho bạn trên "
                "Cổng. Hồ sơ chưa được nộp; bản nháp vẫn được giữ và bạn có thể xóa nó. "
                "According to the National Population Database, the person this dossier is "
                "for (personal ID %(id)s) turned 18 on %(date)s, so a parent can no longer act "
                "for them: they must file it themselves with their own VNeID account, or "
                "authorise you on the portal. The dossier was not submitted; the draft is kept "
                "and you can delete it."
            )
            % {"id": dossier.subject_personal_id, "date": of_age.strftime("%d/%m/%Y")}
        )
    if right == ChildRight.NOT_IN_HOUSEHOLD:
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về dân cư, người được làm thủ tục (số định danh %(id)s) "
                "không còn là con trong hộ của bạn, nên bạn không làm thủ tục thay được: cha mẹ "
                "trong hộ mà người đó đang ở có thể nộp hồ sơ; nếu thông tin hộ gia đình sai, "
                "hãy đề nghị Công an cấp xã điều chỉnh. Hồ sơ chưa được nộp; bản nháp vẫn được "
                "giữ và bạn có thể xóa nó. According to the National Population Database, the "
                "person this dossier is for (personal ID %(id)s) is no longer a child of your "
                "household, so you cannot act for them: a parent in the household they now "
                "belong to may file it; if the household record is wrong, ask the commune "
                "police to correct it. The dossier was not submitted; the draft is kept and "
                "you can delete it."
            )
            % {"id": dossier.subject_personal_id}
        )


def _representative_recheck(*, dossier: Dossier, by: User) -> None:
    enterprises = represented_enterprises(
        applicant=dossier.applicant, reader=by, use_cache=False,
        purpose=_purpose(dossier, "Xác minh lại người đại diện theo pháp luật khi nộp hồ sơ"),
    )  # fmt: skip
    if enterprises is None:
        raise SourceUnavailable(
            _(
                "Chưa đọc được CSDL quốc gia về đăng ký doanh nghiệp để xác minh lại người đại "
                "diện theo pháp luật; hồ sơ chưa được nộp và bản nháp vẫn giữ nguyên. Vui lòng "
                "nộp lại sau ít phút. The National Business Registration Database could not be "
                "read to check again who legally represents the enterprise; the dossier was not "
                "submitted and the draft is kept as it is. Please submit again in a few minutes."
            )
        )
    if not any(e["enterprise_code"] == dossier.subject_personal_id for e in enterprises):
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về đăng ký doanh nghiệp, người nộp hồ sơ không còn là người "
                "đại diện theo pháp luật của doanh nghiệp %(code)s, nên không nộp hồ sơ thay "
                "doanh nghiệp được: người đại diện theo pháp luật hiện nay của doanh nghiệp cần "
                "nộp hồ sơ. Hồ sơ chưa được nộp; bản nháp vẫn được giữ và có thể xóa. According "
                "to the National Business Registration Database, the applicant is no longer the "
                "legal representative of enterprise %(code)s, so they cannot submit for it: its "
                "current legal representative must file it. The dossier was not submitted; the "
                "draft is kept and can be deleted."
            )
            % {"code": dossier.subject_personal_id}
        )
