"""The citizen's document store (kho quản lý dữ liệu điện tử của cá nhân):
the results issued to them, and those issued for the people they acted for
(a child, a principal, their enterprise), shown "for <name>". A stored result
is reused as a document of a later dossier for that same subject only, and
only for a component that asks for the paper it is (a birth certificate for a
birth certificate, never for a residence confirmation or an authorisation
letter): it is attached as it was issued, its fingerprint (SHA-256) checked,
never asked for again. Nobody else sees it."""

from __future__ import annotations

import hashlib

from django.core.files import File
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dossiers.attachments import attachment_add
from dossiers.evidence import UPLOAD_STATUSES
from dossiers.exceptions import DossierError
from dossiers.models import Attachment, Dossier, PrefillSource, ResultDocument
from portal.accounts.models import Role, User
from procedures.models import DossierComponent


def results_of(*, user: User) -> QuerySet[ResultDocument]:
    """The results returned whose subject is this citizen, or issued on a
    dossier they applied for (for a child, a principal, an enterprise); nobody else's."""
    if user.role != Role.CITIZEN or not user.personal_id:
        return ResultDocument.objects.none()
    return ResultDocument.objects.filter(
        Q(subject_personal_id=user.personal_id) | Q(dossier__applicant=user),
        returned_at__isnull=False,
    ).select_related("dossier__procedure", "dossier__agency")


def results_reusable_for(*, dossier: Dossier) -> QuerySet[ResultDocument]:
    """The applicant's stored results about this dossier's subject, which may be
    attached to it; none once files can no longer be added."""
    if dossier.status not in UPLOAD_STATUSES:
        return ResultDocument.objects.none()
    return (
        results_of(user=dossier.applicant)
        .filter(subject_personal_id=dossier.subject_personal_id)
        .exclude(dossier=dossier)
    )


def results_standing_for(
    results: list[ResultDocument], component: DossierComponent
) -> list[ResultDocument]:
    """Those of the results whose document type the component asks for; none
    when it asks for no known type, nor for a result of no known type."""
    wanted = component.document_types()
    return [result for result in results if result.paper_type in wanted]


def subject_names(results: list[ResultDocument]) -> dict[int, str]:
    """Result pk → the name of whom it was issued for, as the dossier's
    sources gave it (the person's full name, or the enterprise's). Two queries."""
    dossier_ids = {result.dossier_id for result in results}
    parts = PrefillSource.objects.filter(
        snapshot__dossier_id__in=dossier_ids, source__in=("population", "business_registration")
    ).values_list("snapshot__dossier_id", "source", "values")
    found: dict[tuple[int, str], dict] = {(d, source): values for d, source, values in parts}
    accounts = dict(
        User.objects.filter(
            personal_id__in={result.subject_personal_id for result in results}
        ).values_list("personal_id", "full_name")
    )
    names = {}
    for result in results:
        subject = result.subject_personal_id
        businesses = (found.get((result.dossier_id, "business_registration")) or {}).get(
            "businesses"
        ) or {}
        enterprise = next(
            (b.get("name") for b in businesses.get("value") or []
             if b.get("enterprise_code") == subject),
            None,
        )  # fmt: skip
        person = ((found.get((result.dossier_id, "population")) or {}).get("full_name") or {}).get(
            "value"
        )
        if result.dossier.subject_is_enterprise:
            person = None  # the population record read was the representative's
        names[result.pk] = enterprise or person or accounts.get(subject) or subject
    return names


def result_reuse(
    *, dossier: Dossier, component: DossierComponent, result: ResultDocument, by: User
) -> Attachment:
    """Attach a stored result to a component of a later dossier of the same
    subject, as a file of it. Raises DossierError for a result that is not the
    applicant's to use, is about someone else, is not the paper the component
    asks for, or was altered since it was issued; and as attachment_add does
    (status, a component data replaces, the dossier's file count). Nothing is
    kept then."""
    if (
        dossier.applicant_id != by.pk
        or not results_reusable_for(dossier=dossier).filter(pk=result.pk).exists()
    ):
        raise DossierError(
            _(
                "Chỉ dùng lại được kết quả trong kho giấy tờ của bạn, cấp cho chính người được "
                "thực hiện thủ tục của hồ sơ này. Only a result in your document store, issued "
                "for this dossier's subject, can be used here."
            )
        )
    if not results_standing_for([result], component):
        raise DossierError(
            _(
                "Kết quả “%(result)s” không phải loại giấy tờ mà thành phần “%(component)s” yêu "
                "cầu, nên không dùng được cho thành phần này. The result “%(result)s” is not the "
                "kind of document “%(component)s” asks for, so it cannot be used for it."
            )
            % {"result": result.title, "component": component.name}
        )
    with result.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != result.sha256:
        raise DossierError(
            _(
                "Kết quả này không còn nguyên vẹn như khi được cấp. "
                "This result is no longer as it was issued."
            )
        )
    with result.file.open("rb") as handle:
        upload = File(handle, name=f"Kết quả {result.dossier.code or result.dossier_id}.pdf")
        return attachment_add(dossier=dossier, component=component, upload=upload, by=by)
