"""A person a procedure concerns who is neither the applicant nor someone they
act for (người được nêu trong hồ sơ): the deceased, for funeral-cost support.
The procedure declares it (Procedure.concerns); the applicant names them at
start by personal ID, with their name as a check, and states what they are to
them. The papers about that person (the death certificate) are then read from
that person's record, not the applicant's: the source that holds them is read
for their ID, for the dossier, and logged as a read of their data.

At start, the source is read once (logged) to refuse what cannot be right: an
ID the source knows as a living person (no death registered), a name that is
not the one registered. A source that holds no record of the ID at all, or
cannot be read now, refuses nothing: the prefill reads it again, and the
applicant uploads the death certificate as a data gap when it holds nothing.
The stated relation is recorded, not checked against a register: whether it
gives a right to the support is the official's to examine (Decree 20/2021,
art. 11: the person or organisation who arranged the funeral)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datasources.fetching import FetchStatus
from datasources.purposes import Purpose, PurposeKind
from datasources.services import lookup
from dossiers.exceptions import DossierError
from dossiers.models import Dossier
from portal.accounts.models import Agency, User
from procedures.indexing import fold
from procedures.models import ConcernedPerson, Procedure

# The source that holds the record about the person, read for their ID.
CONCERNED_SOURCES = {ConcernedPerson.DECEASED: "civil_status"}
DEATH_FIELD = "death_registration"
_PERSONAL_ID = re.compile(r"\d{12}")


class StatedRelation(models.TextChoices):
    """What the deceased was to the applicant, as the applicant states it."""

    SPOUSE = "spouse", gettext_lazy("Spouse")
    CHILD = "child", gettext_lazy("Their child")
    PARENT = "parent", gettext_lazy("Their father or mother")
    SIBLING = "sibling", gettext_lazy("Their brother or sister")
    OTHER_RELATIVE = "other_relative", gettext_lazy("Another relative")
    ARRANGED_FUNERAL = "arranged_funeral", gettext_lazy("No relative: I arranged the funeral")


class ConcernedPersonRefused(DossierError):
    """The person named cannot be the one the procedure concerns; `field` says
    which input is wrong (for the page to show it next to it)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ConcernedStatement:
    """Whom the applicant names and what they state they are to them."""

    personal_id: str
    full_name: str
    relation: str


def concerned_source(dossier: Dossier) -> str:
    """The source read for the person the dossier concerns; "" when it concerns nobody else."""
    if not dossier.concerned_personal_id:
        return ""
    return CONCERNED_SOURCES.get(dossier.procedure.concerns, "")


def concerned_statement_check(
    procedure: Procedure, applicant: User, statement: ConcernedStatement
) -> None:
    """Raises ConcernedPersonRefused when what is stated is wrong on its face
    (an ID that is not 12 digits, the applicant's own, no name or relation);
    no source is read."""
    if procedure.concerns != ConcernedPerson.DECEASED:
        raise ConcernedPersonRefused(
            _("Thủ tục này không nêu người khác trong hồ sơ. "
              "This procedure names nobody else in the dossier."),
            field="deceased_personal_id",
        )  # fmt: skip
    if not _PERSONAL_ID.fullmatch(statement.personal_id):
        raise ConcernedPersonRefused(
            _("Số định danh cá nhân của người đã mất gồm 12 chữ số. "
              "The deceased's personal ID number has 12 digits."),
            field="deceased_personal_id",
        )  # fmt: skip
    if statement.personal_id == applicant.personal_id:
        raise ConcernedPersonRefused(
            _("Đây là số định danh cá nhân của chính người nộp hồ sơ: hãy nhập số của người đã "
              "mất. This is the applicant's own personal ID number: enter the deceased's."),
            field="deceased_personal_id",
        )  # fmt: skip
    if not statement.full_name.strip():
        raise ConcernedPersonRefused(
            _("Nhập họ, chữ đệm và tên của người đã mất. Enter the deceased's full name."),
            field="deceased_full_name",
        )  # fmt: skip
    if statement.relation not in StatedRelation.values:
        raise ConcernedPersonRefused(
            _("Chọn người đã mất là gì của người nộp hồ sơ. "
              "Choose what the deceased was to the applicant."),
            field="deceased_relation",
        )  # fmt: skip


def _start_purpose(applicant: User, agency: Agency, personal_id: str) -> Purpose:
    """Reading the deceased's record before the dossier exists, for the dossier being started."""
    return Purpose(
        kind=PurposeKind.DOSSIER, reference="new",
        label="Xác minh người đã mất được nêu trong hồ sơ",
        agency_id=agency.pk, applicant_id=applicant.pk,
        subject_personal_ids=frozenset({personal_id}),
    )  # fmt: skip


def concerned_person_check(
    *, procedure: Procedure, applicant: User, agency: Agency, statement: ConcernedStatement,
    reader: User | None = None,
) -> None:  # fmt: skip
    """Raises ConcernedPersonRefused unless the person named may be the
    deceased the procedure concerns: a well-formed ID that is not the
    applicant's, a relation stated, and a source that does not say otherwise.
    The source is read (logged) as `reader` (the official at the desk) or the
    applicant."""
    concerned_statement_check(procedure, applicant, statement)
    result = lookup(
        source=CONCERNED_SOURCES[ConcernedPerson.DECEASED], subject=statement.personal_id,
        fields=[DEATH_FIELD], actor=reader or applicant,
        purpose=_start_purpose(applicant, agency, statement.personal_id),
    )  # fmt: skip
    if result.status not in (FetchStatus.OK, FetchStatus.CACHED):
        return  # nothing held, or not read now: the prefill reads it again
    death = result.values.get(DEATH_FIELD)
    if not death:
        raise ConcernedPersonRefused(
            _("Theo CSDL hộ tịch điện tử, người có số định danh này chưa được đăng ký khai tử. "
              "Hãy kiểm tra lại số định danh; nếu việc khai tử chưa được đăng ký, cần đăng ký "
              "khai tử trước. According to the Civil Status Database, no death is registered "
              "for this personal ID number. Check the number; if the death has not been "
              "registered yet, it must be registered first."),
            field="deceased_personal_id",
        )  # fmt: skip
    registered = str(death.get("full_name") or "")
    # Compared without tone marks: the register may keep a name without them.
    if registered and fold(registered).split() != fold(statement.full_name).split():
        raise ConcernedPersonRefused(
            _("Họ tên đã nhập không khớp với họ tên trong đăng ký khai tử của số định danh này. "
              "The name entered does not match the name in the death registration for this "
              "personal ID number."),
            field="deceased_full_name",
        )  # fmt: skip


def concerned_person_record(*, dossier: Dossier, statement: ConcernedStatement) -> None:
    """Keep on the draft whom it concerns (checked by concerned_person_check)."""
    dossier.concerned_personal_id = statement.personal_id
    dossier.concerned_full_name = " ".join(statement.full_name.split())[:255]
    dossier.concerned_relation = statement.relation
    dossier.save(update_fields=["concerned_personal_id", "concerned_full_name",
                                "concerned_relation", "updated_at"])  # fmt: skip


def dossier_draft_start_concerning(*, applicant: User, procedure: Procedure, agency: Agency,
                                   statement: ConcernedStatement | None,
                                   **start) -> Dossier:  # fmt: skip
    """dossier_draft_start, for a procedure that concerns a deceased person:
    the person named is checked first, then kept on the draft in the same
    transaction, before its prefill task (enqueued on commit) reads their
    record. Raises ConcernedPersonRefused, and what dossier_draft_start
    raises; nothing is created then."""
    from dossiers.services import dossier_draft_start

    if procedure.concerns and statement is None:
        raise ConcernedPersonRefused(
            _("Thủ tục này cần số định danh cá nhân và họ tên của người đã mất. "
              "This procedure needs the deceased's personal ID number and full name."),
            field="deceased_personal_id",
        )  # fmt: skip
    if statement is not None:
        concerned_person_check(procedure=procedure, applicant=applicant, agency=agency,
                               statement=statement, reader=start.get("reader"))  # fmt: skip
    with transaction.atomic():
        dossier = dossier_draft_start(applicant=applicant, procedure=procedure, agency=agency,
                                      **start)  # fmt: skip
        if statement is not None:
            concerned_person_record(dossier=dossier, statement=statement)
    return dossier


# What the applicant is to the person, as the result document says it (in
# Vietnamese whoever issues it): "con của người đã mất".
_APPLICANT_ROLE_VI = {
    StatedRelation.SPOUSE: "vợ hoặc chồng của {who}",
    StatedRelation.CHILD: "con của {who}",
    StatedRelation.PARENT: "cha hoặc mẹ của {who}",
    StatedRelation.SIBLING: "anh, chị hoặc em ruột của {who}",
    StatedRelation.OTHER_RELATIVE: "người thân khác của {who}",
    StatedRelation.ARRANGED_FUNERAL: "người tổ chức mai táng cho {who}, không phải người thân",
}


@dataclass(frozen=True)
class ConcernedShown:
    """The person a dossier concerns, as a page or the result names them."""

    title: str  # what they are to the procedure ("Người đã mất")
    full_name: str
    personal_id: str
    relation: str  # what the applicant states they are to them


def concerned_person_shown(dossier: Dossier) -> ConcernedShown | None:
    """Whom the dossier concerns besides its subject, in the page language;
    None when nobody else. The stated relation as the applicant chose it."""
    if not dossier.concerned_personal_id:
        return None
    concerns, relation = dossier.procedure.concerns, dossier.concerned_relation
    # A catalog that no longer says whom the procedure concerns still names them.
    known = concerns and concerns in ConcernedPerson.values
    return ConcernedShown(
        title=str(ConcernedPerson(concerns).label) if known else _("Person named in the dossier"),
        full_name=dossier.concerned_full_name,
        personal_id=dossier.concerned_personal_id,
        relation=str(StatedRelation(relation).label) if relation in StatedRelation.values
        else relation,
    )  # fmt: skip


def applicant_role_vi(dossier: Dossier, who: str) -> str:
    """What the applicant states they are to the person, in Vietnamese, of
    `who` ("con của người đã mất"); "" for a relation not stated."""
    role = _APPLICANT_ROLE_VI.get(dossier.concerned_relation)
    return role.format(who=who) if role else ""
