"""What the law attaches to a result document of a given type, whatever
procedure issues it (a commune, a department, an embassy): how long it is valid
and for which use, and which value verified from a source makes the result, as
asked, untrue. The rules follow the document type (procedures'
`result_document_type`), never a procedure's code.

The marital status confirmation (Giấy xác nhận tình trạng hôn nhân, Decree
123/2015/NĐ-CP arts. 21–23, Circular 04/2020/TT-BTP) is valid for 6 months from
its issue, only for the purpose it states; it is not issued to marry to someone
the civil-status register records as married."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from datasources import registry
from datasources.exceptions import LookupRefused
from dossiers.exceptions import ResultContradicted
from dossiers.models import Dossier


@dataclass(frozen=True)
class Validity:
    """How long the result is valid, and for which use only."""

    months: int
    legal_basis: str
    # The form's field that names the one use the result is valid for ("" when any).
    purpose_field: str = ""


@dataclass(frozen=True)
class Contradiction:
    """A result asked for a use (`asked_field` holding `asked_value`) that a
    value verified from a source (`source_field` holding the source's code
    `source_value`) makes untrue: it is not issued as asked."""

    source_field: str  # "source.field", as a form's binding names it
    source_value: str
    asked_field: str
    asked_value: str
    # To the applicant, on the form, while the use is not chosen yet or is.
    applicant_notice: Promise
    # To the official and the leader, on the dossier and on what the leader signs.
    official_warning: Promise
    # Why an approval is refused: the refusal, with its reason, is what may be proposed.
    refusal: Promise

    def recorded_value(self) -> str:
        """The source's value in the form's words ("Đã kết hôn")."""
        source, field = self.source_field.split(".", 1)
        try:
            return str(
                registry.source(source).field(field).value_label(self.source_value, language="vi")
            )
        except LookupRefused:
            return self.source_value


VALIDITY: dict[str, Validity] = {
    "marital_status_confirmation": Validity(
        months=6, legal_basis="Điều 23 Nghị định số 123/2015/NĐ-CP", purpose_field="purpose"
    ),
}

CONTRADICTIONS: dict[str, tuple[Contradiction, ...]] = {
    "marital_status_confirmation": (
        Contradiction(
            source_field="civil_status.marital_status",
            source_value="married",
            asked_field="purpose",
            asked_value="Kết hôn",
            applicant_notice=_(
                "CSDL hộ tịch điện tử ghi nhận bạn đang có vợ hoặc chồng (Đã kết hôn). Giấy xác "
                "nhận tình trạng hôn nhân để kết hôn không được cấp cho người đang có vợ hoặc "
                "chồng: hồ sơ với mục đích “Kết hôn” sẽ bị từ chối. Nếu hôn nhân đã chấm dứt (ly "
                "hôn, vợ hoặc chồng đã chết) mà dữ liệu chưa cập nhật, hãy bấm “Dữ liệu này sai” ở "
                "Tình trạng hôn nhân và nộp bản án, quyết định ly hôn hoặc giấy chứng tử. The "
                "Civil Status Database records you as married. A marital status certificate to "
                "marry is not issued to someone who is married: a dossier with the purpose "
                "“Kết hôn” (to marry) will be refused. If your marriage has ended (divorce, "
                "your spouse's death) and the record is out of date, press “This is wrong” on "
                "the marital status and upload the divorce judgment or the death certificate."
            ),
            official_warning=_(
                "Cảnh báo: CSDL hộ tịch điện tử ghi nhận người yêu cầu đang có vợ hoặc chồng (Đã "
                "kết hôn), nhưng hồ sơ xin cấp giấy để kết hôn. Không được cấp giấy xác nhận tình "
                "trạng hôn nhân để kết hôn cho người đang có vợ hoặc chồng (Điều 22, 23 Nghị định "
                "123/2015/NĐ-CP): hãy kiểm tra giấy tờ chứng minh hôn nhân đã chấm dứt; nếu "
                "không có, trình ký từ chối, nêu rõ lý do. Warning: the Civil Status Database "
                "records the applicant as currently married, yet the certificate is asked for "
                "in order to marry. It cannot be issued to marry to someone who is married "
                "(Decree 123/2015/NĐ-CP arts. 22–23): check for proof that the marriage has "
                "ended; without it, propose a refusal for signature, stating the reason."
            ),
            refusal=_(
                "Không thể trình ký hoặc ký cấp giấy xác nhận tình trạng hôn nhân để kết hôn: "
                "CSDL hộ tịch điện tử ghi nhận người yêu cầu đang có vợ hoặc chồng. Hãy trình ký "
                "từ chối giải quyết và nêu lý do, hoặc đề nghị điều chỉnh dữ liệu nếu hôn nhân đã "
                "chấm dứt rồi lấy lại dữ liệu. The marital status certificate cannot be proposed "
                "or signed for the purpose of marrying: the Civil Status Database records the "
                "applicant as married. Propose a refusal for signature with its reason, or, if "
                "the marriage has ended, have the record corrected and fetch it again."
            ),
        ),
    ),
}


@dataclass(frozen=True)
class Found:
    """A contradiction the dossier's verified data holds; `asked`: whether its
    form asks for the use it contradicts (else only the verified value holds)."""

    rule: Contradiction
    asked: bool


def result_contradictions(*, dossier: Dossier, fields: Sequence | None = None) -> list[Found]:
    """The contradictions whose verified value the dossier's form holds (a field
    bound to that source field, locked: read from the source, not typed), each
    saying whether the form asks for the contradicted use. `fields` are the
    form's fields (eforms.form_fields) when the caller read them already."""
    rules = CONTRADICTIONS.get(dossier.procedure.result_document_type, ())
    if not rules or dossier.form_id is None:
        return []
    if fields is None:
        from dossiers.eforms import form_fields

        fields = form_fields(dossier=dossier)
    found = []
    for rule in rules:
        verified = any(
            field.locked
            and field.report_key == rule.source_field
            and str(field.value) in (rule.source_value, rule.recorded_value())
            for field in fields
        )
        if not verified:
            continue
        asked = any(
            field.name == rule.asked_field and str(field.value or "") == rule.asked_value
            for field in fields
        )
        found.append(Found(rule=rule, asked=asked))
    return found


def result_contradicted(dossier: Dossier) -> ResultContradicted | None:
    """Why the dossier's result cannot be approved as asked, or None: the guard
    of proposing and signing an approval (dossiers.states)."""
    for found in result_contradictions(dossier=dossier):
        if found.asked:
            return ResultContradicted(str(found.rule.refusal))
    return None


def validity_of(document_type: str) -> Validity | None:
    return VALIDITY.get(document_type)


def valid_until(issued: datetime.date, months: int) -> datetime.date:
    """The last day of validity of a result valid `months` from its issue: the
    issue day is not counted and the period ends with the same-numbered day of
    its last month, or that month's last day (Civil Code 2015 arts. 147–148)."""
    return issued + relativedelta(months=months)
