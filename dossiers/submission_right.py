"""The applicant's right to act for the subject, read again from its source as
a draft is submitted. It was checked when the draft started, but a draft lives
for days (until drafts_purge takes it) while the household record changes (the
child moved to another household, or came of age) and the business register
names another legal representative. An authorisation is the portal's own
record: the submission checks it under the dossier's row lock
(representation.authorisation_still_in_force). The read is made outside any
transaction, so that the access log keeps it whatever follows. A source that
cannot be read does not stop the submission (it was checked when the draft
started): the dossier records that its right was not read again, and the
unit's official reads it later (dossiers.right_to_act)."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.purposes import Purpose
from dossiers.exceptions import NoRightToAct
from dossiers.models import (
    ActingBasis,
    Dossier,
    DraftRightReading,
    RightCheckOutcome,
    RightToActCheck,
)
from dossiers.purposes import LABEL_MAX_LENGTH, dossier_purpose
from dossiers.representation import (
    BUSINESS_SOURCE,
    ChildRight,
    child_right,
    household_children,
    represented_enterprises,
)
from portal.accounts.models import User

# The bases whose right a national database holds, read again at submission.
READ_AGAIN_BASES = frozenset({ActingBasis.PARENT, ActingBasis.LEGAL_REPRESENTATIVE})
POPULATION_SOURCE = "population"


class Right(enum.Enum):
    """What the source says of the applicant's right now."""

    HOLDS = "holds"
    ADULT = "adult"  # the child has turned 18
    NOT_IN_HOUSEHOLD = "not_in_household"  # no longer a child of the applicant's household
    NOT_REPRESENTATIVE = "not_representative"  # the register names another representative
    UNREADABLE = "unreadable"  # the source cannot be read now


@dataclass(frozen=True)
class RightReading:
    source: str
    right: Right
    of_age: datetime.date | None = None  # with ADULT: the day the child turned 18


def right_read_needed(dossier: Dossier) -> bool:
    """Whether submitting this draft reads the applicant's right from a source first."""
    return dossier.acting_basis in READ_AGAIN_BASES


def _purpose(dossier: Dossier, label: str) -> Purpose:
    purpose = dossier_purpose(dossier)
    return replace(purpose, label=f"{label}: {purpose.label}"[:LABEL_MAX_LENGTH])


def right_source(dossier: Dossier) -> str:
    """The national source holding this dossier's right to act."""
    return POPULATION_SOURCE if dossier.acting_basis == ActingBasis.PARENT else BUSINESS_SOURCE


def right_read(*, dossier: Dossier, by: User, label: str) -> RightReading:
    """Read from its source now (not from the cache) whether the applicant may
    still act for the dossier's subject: a parent for a child of their household
    under 18, a legal representative for the enterprise. Read as `by` for this
    dossier (its purpose, named `label` first), and logged. Reads nothing for
    another basis (HOLDS); changes nothing."""
    source = right_source(dossier)
    if not right_read_needed(dossier):
        return RightReading(source, Right.HOLDS)
    purpose = _purpose(dossier, label)
    if dossier.acting_basis == ActingBasis.PARENT:
        children = household_children(
            applicant=dossier.applicant, reader=by, use_cache=False, purpose=purpose
        )
        if children is None:
            return RightReading(source, Right.UNREADABLE)
        right, of_age = child_right(children, dossier.subject_personal_id)
        if right == ChildRight.ADULT:
            return RightReading(source, Right.ADULT, of_age)
        if right == ChildRight.NOT_IN_HOUSEHOLD:
            return RightReading(source, Right.NOT_IN_HOUSEHOLD)
        return RightReading(source, Right.HOLDS)
    enterprises = represented_enterprises(
        applicant=dossier.applicant, reader=by, use_cache=False, purpose=purpose
    )
    if enterprises is None:
        return RightReading(source, Right.UNREADABLE)
    if not any(e["enterprise_code"] == dossier.subject_personal_id for e in enterprises):
        return RightReading(source, Right.NOT_REPRESENTATIVE)
    return RightReading(source, Right.HOLDS)


def acting_right_recheck(*, dossier: Dossier, by: User) -> str | None:
    """Read the applicant's right again as the draft is submitted, as `by` (the
    applicant online, the official at the desk), for this dossier, and logged.
    Raises NoRightToAct, saying why and what to do, when the right no longer
    holds. Returns the source's code when it cannot be read now: the
    submission goes on and records that (right_not_read_record); None
    otherwise. Changes nothing of the dossier; keeps what the source said for
    the draft's pages (draft_right_keep). Reads nothing for any other basis,
    or once submitted."""
    if not right_read_needed(dossier) or dossier.submitted_at is not None:
        return None
    if dossier.acting_basis == ActingBasis.PARENT:
        label = "Xác minh lại quyền làm thủ tục thay cho con khi nộp hồ sơ"
    else:
        label = "Xác minh lại người đại diện theo pháp luật khi nộp hồ sơ"
    reading = right_read(dossier=dossier, by=by, label=label)
    # What the draft's pages go by until it is read again (dossiers.draft_right).
    draft_right_keep(dossier=dossier, reading=reading)
    if reading.right == Right.UNREADABLE:
        return reading.source
    if reading.right == Right.ADULT:
        assert reading.of_age is not None  # said with ADULT
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
            % {"id": dossier.subject_personal_id, "date": reading.of_age.strftime("%d/%m/%Y")}
        )
    if reading.right == Right.NOT_IN_HOUSEHOLD:
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
    if reading.right == Right.NOT_REPRESENTATIVE:
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
    return None


def right_not_read_record(*, dossier: Dossier, source: str, by: User) -> RightToActCheck:
    """Within the submission's transaction: the dossier went on though its
    right to act could not be read again from `source` (read as `by`); the
    unit's official verifies it later."""
    return RightToActCheck.objects.create(
        dossier=dossier, source=source, outcome=RightCheckOutcome.NOT_READ, verified_by=by
    )


def draft_right_keep(*, dossier: Dossier, reading: RightReading) -> DraftRightReading:
    """Keep what the source said of a draft's right now, for its pages
    (dossiers.draft_right); that it could not be read (UNREADABLE) only as
    the time it was asked, the last answer standing (or else the check as
    the draft started, when the right held)."""
    now = timezone.now()
    if reading.right == Right.UNREADABLE:
        kept, created = DraftRightReading.objects.get_or_create(
            dossier=dossier,
            defaults={"source": reading.source, "right": Right.HOLDS.value,
                      "read_at": dossier.created_at, "tried_at": now},
        )  # fmt: skip
        if not created:
            kept.tried_at = now
            kept.save(update_fields=["tried_at"])
        return kept
    kept, _created = DraftRightReading.objects.update_or_create(
        dossier=dossier,
        defaults={"source": reading.source, "right": reading.right.value,
                  "of_age": reading.of_age, "read_at": now, "tried_at": now},
    )  # fmt: skip
    return kept
