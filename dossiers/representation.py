"""Who may act for whom: oneself; a parent for a child of their household (as
the National Population Database records it); someone the subject has
authorised (ủy quyền) on the portal, for this procedure or any, today; or an
enterprise's legal representative, as the National Business Registration
Database records it, for a procedure about a registered business."""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.fetching import FetchStatus
from datasources.purposes import Purpose, PurposeKind
from datasources.services import lookup
from dossiers.exceptions import NoRightToAct
from dossiers.models import ENTERPRISE_CODE_PATTERN, ActingBasis, Authorisation, DossierStatus
from portal.accounts.models import Agency, User
from procedures.models import ElectronicReplacement, Procedure

CHILD_RELATIONS = frozenset({"con"})
ADULT_AGE = 18  # a parent represents a child until then (Civil Code 2015, art. 20, 136)
BUSINESS_SOURCE = "business_registration"


def procedure_for_business(procedure: Procedure) -> bool:
    """A procedure about a registered business: a component of it is replaced
    by the business register's data (its registration certificate)."""
    return ElectronicReplacement.objects.filter(
        component__procedure=procedure, source=BUSINESS_SOURCE
    ).exists()


def _right_purpose(*, label: str, applicant: User, agency: Agency | None) -> Purpose:
    """Reading the applicant's own record to establish their right, before any
    dossier exists: by the applicant online, by the official acting for them at the desk."""
    return Purpose(
        kind=PurposeKind.DOSSIER,
        reference="new",
        label=label,
        agency_id=agency.pk if agency else None,
        applicant_id=applicant.pk,
        subject_personal_ids=frozenset({applicant.personal_id}),
    )


def represented_enterprises(
    *, applicant: User, agency: Agency | None = None, reader: User | None = None,
    purpose: Purpose | None = None, use_cache: bool = True,
) -> list[dict] | None:  # fmt: skip
    """The enterprises the business register lists this person as legal
    representative of (each {enterprise_code, name, …}); None when the source
    cannot be read now. The lookup is purpose-bound (`purpose`, or else the
    check before a dossier starts) and logged, as read by `reader` (the
    official at the desk) or else by the applicant themselves."""
    purpose = purpose or _right_purpose(
        label=_("Xác minh người đại diện theo pháp luật của doanh nghiệp"),
        applicant=applicant, agency=agency,
    )  # fmt: skip
    result = lookup(source=BUSINESS_SOURCE, subject=applicant.personal_id, fields=["businesses"],
                    actor=reader or applicant, purpose=purpose, use_cache=use_cache)  # fmt: skip
    if not result.found and result.status != FetchStatus.NOT_FOUND:
        return None
    return [b for b in result.values.get("businesses") or [] if b.get("enterprise_code")]


def _legal_representative_check(
    *, applicant: User, subject: str, agency: Agency, procedure: Procedure | None,
    reader: User | None,
) -> None:  # fmt: skip
    if procedure is not None and not procedure_for_business(procedure):
        raise NoRightToAct(
            _(
                "Thủ tục này không phải thủ tục của doanh nghiệp. "
                "This procedure is not one for a business."
            )
        )
    if not re.fullmatch(ENTERPRISE_CODE_PATTERN, subject):
        raise NoRightToAct(_("Mã số doanh nghiệp gồm 10 chữ số. An enterprise code has 10 digits."))
    enterprises = represented_enterprises(applicant=applicant, agency=agency, reader=reader)
    if enterprises is None:
        raise NoRightToAct(
            _(
                "Chưa đọc được CSDL quốc gia về đăng ký doanh nghiệp để xác minh; vui lòng thử "
                "lại sau. The National Business Registration Database could not be read to "
                "verify this; please try again later."
            )
        )
    if not any(e["enterprise_code"] == subject for e in enterprises):
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về đăng ký doanh nghiệp, bạn không phải là người đại diện "
                "theo pháp luật của doanh nghiệp này. The National Business Registration "
                "Database does not list you as this enterprise's legal representative."
            )
        )


def household_children(
    *, applicant: User, agency: Agency | None = None, reader: User | None = None,
    purpose: Purpose | None = None, use_cache: bool = True,
) -> list[dict] | None:  # fmt: skip
    """The applicant's children in their household, as the National Population
    Database records them (each {personal_id, full_name, date_of_birth, …}),
    minors or not; None when the source cannot be read now. The lookup of the
    applicant's own household record is purpose-bound (`purpose`, or else the
    check before a dossier starts) and logged, as read by `reader` or else the applicant."""
    purpose = purpose or _right_purpose(
        label=_("Xác minh quyền làm thủ tục thay cho con"), applicant=applicant, agency=agency
    )
    result = lookup(source="population", subject=applicant.personal_id,
                    fields=["household_members"], actor=reader or applicant, purpose=purpose,
                    use_cache=use_cache)  # fmt: skip
    if not result.found and result.status != FetchStatus.NOT_FOUND:
        return None
    return [
        member for member in result.values.get("household_members") or []
        if member.get("relation") in CHILD_RELATIONS and member.get("personal_id")
    ]  # fmt: skip


def adult_since(child: dict) -> datetime.date | None:
    """The day this household member turned 18 (or turns it), from the birth date
    the household record gives; None when it gives none that can be read."""
    try:
        born = datetime.date.fromisoformat(str(child.get("date_of_birth") or ""))
    except ValueError:
        return None
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February: of age on 1 March
        return datetime.date(born.year + ADULT_AGE, 3, 1)


def minor_children(children: list[dict] | None) -> list[dict] | None:
    """The children a parent may still act for today: those under 18."""
    if children is None:
        return None
    return [c for c in children if child_right([c], c["personal_id"])[0] == ChildRight.HOLDS]


class ChildRight(enum.Enum):
    """What the household record says of the parent's right to act for a child now."""

    HOLDS = "holds"
    NOT_IN_HOUSEHOLD = "not_in_household"
    ADULT = "adult"


def child_right(children: list[dict], subject: str) -> tuple[ChildRight, datetime.date | None]:
    """Whether the household record still lets a parent act for `subject`:
    a child of their household (`children`, from household_children) and under
    18 today; with the day they came of age when they are no longer a minor."""
    child = next((c for c in children if c["personal_id"] == subject), None)
    if child is None:
        return ChildRight.NOT_IN_HOUSEHOLD, None
    of_age = adult_since(child)
    if of_age is not None and of_age <= timezone.localdate():
        return ChildRight.ADULT, of_age
    return ChildRight.HOLDS, None


def authorisation_in_force(
    *, agent: User, principal_personal_id: str, procedure: Procedure | None = None
) -> Authorisation | None:
    """The authorisation letting `agent` act for this principal today (for this
    procedure, or for any), if there is one."""
    today = timezone.localdate()
    authorisations = Authorisation.objects.filter(
        agent_personal_id=agent.personal_id, principal__personal_id=principal_personal_id,
        revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today,
    )  # fmt: skip
    if procedure is not None:
        authorisations = authorisations.filter(Q(procedure=procedure) | Q(procedure__isnull=True))
    return authorisations.order_by("-created_at").first()


@dataclass(frozen=True)
class AuthorisationEnded:
    """How the authorisation a draft was started under ended: revoked by the
    principal, or expired, on `on`."""

    revoked: bool
    on: datetime.date

    @property
    def message(self) -> str:
        day = self.on.strftime("%d/%m/%Y")
        if self.revoked:
            return _(
                "Người ủy quyền đã thu hồi ủy quyền ngày %(date)s, nên hồ sơ này không thể tiếp "
                "tục và bạn không còn xem được dữ liệu của người đó; bạn chỉ có thể xóa bản nháp. "
                "The principal revoked the authorisation on %(date)s, so this dossier cannot go "
                "on and you can no longer see their data; you can only discard the draft."
            ) % {"date": day}
        return _(
            "Ủy quyền đã hết hạn ngày %(date)s, nên hồ sơ này không thể tiếp tục và bạn không "
            "còn xem được dữ liệu của người ủy quyền; bạn chỉ có thể xóa bản nháp. "
            "The authorisation expired on %(date)s, so this dossier cannot go on and you can "
            "no longer see the principal's data; you can only discard the draft."
        ) % {"date": day}


def authorisations_held(*, agent: User, principal_personal_id: str | None = None) -> list:
    """Every authorisation recorded for `agent` (from this principal, or from
    anyone), newest first, each with its principal's personal ID as
    `principal_personal_id`: what `authorisation_ended` needs, read in one
    query for a whole list of dossiers."""
    held = Authorisation.objects.filter(agent_personal_id=agent.personal_id)
    if principal_personal_id is not None:
        held = held.filter(principal__personal_id=principal_personal_id)
    return list(
        held.annotate(principal_personal_id=F("principal__personal_id")).order_by("-created_at")
    )


def authorisation_ended(
    *, dossier, user: User, held: list | None = None
) -> AuthorisationEnded | None:
    """Whether `user` may still see this dossier's data (prefilled values, form
    values, files): None when they may (as far as the scoping selectors let
    them see the dossier at all); for a draft its applicant `user` started
    under an authorisation that no longer lets them act for its subject
    (revoked or expired, and none other in force), how and when it ended. The
    draft's pages then show only that, and offer to discard it. `held`: the
    user's `authorisations_held`, read once for a list; read here otherwise."""
    if (
        dossier.status != DossierStatus.DRAFT
        or dossier.acting_basis != ActingBasis.AUTHORISATION
        or dossier.applicant_id != user.pk
    ):
        return None
    return _how_it_ended(dossier=dossier, agent=user, held=held)


def _how_it_ended(*, dossier, agent: User, held: list | None) -> AuthorisationEnded | None:
    """None while an authorisation lets `agent` act for the dossier's subject
    today, for its procedure; otherwise how the one the draft was started
    under (or else the latest from that principal) ended."""
    if held is None:
        held = authorisations_held(agent=agent, principal_personal_id=dossier.subject_personal_id)
    from_principal = [a for a in held if a.principal_personal_id == dossier.subject_personal_id]
    today = timezone.localdate()
    if any(
        a.revoked_at is None and a.valid_from <= today <= a.valid_until
        and a.procedure_id in (None, dossier.procedure_id)
        for a in from_principal
    ):  # fmt: skip
        return None
    started = next((a for a in held if a.pk == dossier.authorisation_id), None) or next(
        iter(from_principal), None
    )
    if started is not None and started.revoked_at is not None:
        return AuthorisationEnded(revoked=True, on=timezone.localdate(started.revoked_at))
    ended_on = started.valid_until if started is not None else today
    return AuthorisationEnded(revoked=False, on=min(ended_on, today))


def authorisation_still_in_force(*, dossier, agent: User) -> Authorisation | None:
    """For a draft started under an authorisation: the authorisation that still
    lets `agent` (its applicant) act for its subject today, for its procedure;
    None for any other draft. Raises NoRightToAct once the principal revoked it
    or it expired (and no other is in force): the draft goes no further, and
    its applicant may still discard it."""
    if dossier.acting_basis != ActingBasis.AUTHORISATION:
        return None
    authorisation = authorisation_in_force(
        agent=agent, principal_personal_id=dossier.subject_personal_id,
        procedure=dossier.procedure,
    )  # fmt: skip
    if authorisation is None:
        # The same words, with the date, as the draft's page says.
        raise NoRightToAct(_how_it_ended(dossier=dossier, agent=agent, held=None).message)
    return authorisation


def acting_right_check(
    *, applicant: User, subject: str, basis: str, agency: Agency,
    procedure: Procedure | None = None, reader: User | None = None,
) -> Authorisation | None:  # fmt: skip
    """Raises NoRightToAct unless the applicant may start a procedure for
    `subject`; returns the authorisation relied on, if any. A register read
    to establish the right is logged as `reader`'s (the official at the desk)
    or else the applicant's."""
    if subject == applicant.personal_id and basis == ActingBasis.SELF:
        return None
    if basis == ActingBasis.LEGAL_REPRESENTATIVE:
        _legal_representative_check(
            applicant=applicant, subject=subject, agency=agency, procedure=procedure, reader=reader
        )
        return None
    if re.fullmatch(ENTERPRISE_CODE_PATTERN, subject):
        raise NoRightToAct(
            _(
                "Chỉ người đại diện theo pháp luật được làm thủ tục cho doanh nghiệp. "
                "Only its legal representative may act for an enterprise."
            )
        )
    if basis == ActingBasis.AUTHORISATION:
        authorisation = authorisation_in_force(
            agent=applicant, principal_personal_id=subject, procedure=procedure
        )
        if authorisation is None:
            raise NoRightToAct(
                _(
                    "Người này chưa ủy quyền cho bạn làm thủ tục này (hoặc ủy quyền đã hết hạn). "
                    "This person has not authorised you for this procedure, or the "
                    "authorisation has expired."
                )
            )
        return authorisation
    if basis != ActingBasis.PARENT:
        raise NoRightToAct(
            _(
                "Chỉ được làm thủ tục cho chính mình, cho con, theo ủy quyền hoặc cho doanh "
                "nghiệp mình đại diện. You may act only for yourself, for your child, under an "
                "authorisation or for an enterprise you represent."
            )
        )
    children = household_children(applicant=applicant, agency=agency)
    if children is None:
        raise NoRightToAct(
            _(
                "Chưa đọc được CSDL quốc gia về dân cư để xác minh; vui lòng thử lại sau. "
                "The National Population Database could not be read to verify this; please "
                "try again later."
            )
        )
    right, _of_age = child_right(children, subject)
    if right == ChildRight.ADULT:
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về dân cư, người này đã đủ 18 tuổi: người đó tự làm thủ tục "
                "bằng tài khoản của mình. The National Population Database shows this person "
                "is 18 or over: they file the procedure themselves, with their own account."
            )
        )
    if right != ChildRight.HOLDS:
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về dân cư, người này không phải là con trong hộ của bạn. "
                "The National Population Database does not list this person as your child."
            )
        )
    return None


def dossier_enterprise(dossier) -> dict | None:
    """The enterprise an enterprise's dossier is for, as its prefill read it
    from the business register ({enterprise_code, name, …}); None otherwise."""
    if not dossier.subject_is_enterprise:
        return None
    from dossiers.models import PrefillSource

    part = PrefillSource.objects.filter(snapshot__dossier=dossier, source=BUSINESS_SOURCE).first()
    listed = ((part.values.get("businesses") or {}).get("value") or []) if part else []
    return next((b for b in listed if b.get("enterprise_code") == dossier.subject_personal_id),
                None)  # fmt: skip
