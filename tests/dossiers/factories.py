import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dossiers.models import (
    Dossier,
    DossierStatus,
    PrefillSnapshot,
    PrefillSource,
    PrefillStatus,
    SupplementRequest,
)
from dossiers.supplement_requests import supplement_request
from tests.accounts.factories import CitizenFactory, OfficialFactory, WardFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)


class DossierFactory(DjangoModelFactory):
    class Meta:
        model = Dossier

    procedure = factory.SubFactory(ProcedureFactory, code="1.001193", name="Đăng ký khai sinh")
    agency = factory.SubFactory(WardFactory)
    applicant = factory.SubFactory(CitizenFactory)
    subject_personal_id = factory.SelfAttribute("applicant.personal_id")


class PrefillSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = PrefillSnapshot
        django_get_or_create = ("dossier",)

    dossier = factory.SubFactory(DossierFactory)
    finished_at = factory.LazyFunction(timezone.now)


class PrefillSourceFactory(DjangoModelFactory):
    """One source's answer, each value with its provenance as the prefill keeps it."""

    class Meta:
        model = PrefillSource

    class Params:
        dossier = factory.SubFactory(DossierFactory)
        found = {"permanent_address": "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng"}

    snapshot = factory.SubFactory(
        PrefillSnapshotFactory, dossier=factory.SelfAttribute("..dossier")
    )
    source = "population"
    status = PrefillStatus.OK
    fields = factory.LazyAttribute(lambda part: list(part.found))
    record_id = factory.LazyAttribute(
        lambda part: f"DC-{part.dossier.subject_personal_id}" if part.status == "ok" else ""
    )
    fetched_at = factory.LazyFunction(timezone.now)
    values = factory.LazyAttribute(
        lambda part: {
            name: {"value": value, "record_id": part.record_id,
                   "fetched_at": part.fetched_at.isoformat()}
            for name, value in part.found.items()
        } if part.status == "ok" else {}
    )  # fmt: skip


class PrefilledResidenceDraftFactory(DossierFactory):
    """A draft of the residence e-form, its preview confirmed, whose full name
    and permanent address the population source filled in: locked values the
    applicant cannot change, only report as wrong."""

    class Meta:
        skip_postgeneration_save = True  # the prefill is its own row: nothing to save again

    class Params:
        permanent_address = "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"
        found = factory.LazyAttribute(
            lambda draft: {
                "full_name": "Nguyễn Văn An",
                "permanent_address": draft.permanent_address,
            }
        )

    form = factory.SubFactory(
        FormDefinitionFactory, fields=factory.LazyFunction(residence_form_fields)
    )
    preview_confirmed_at = factory.LazyFunction(timezone.now)
    prefill = factory.RelatedFactory(
        PrefillSourceFactory, factory_related_name="dossier", found=factory.SelfAttribute("..found")
    )


class SupplementRequestFactory(factory.Factory):
    """A dossier awaiting a supplement: an official of its unit asks for
    `components` (by default one new document of its procedure) through the
    service, so the move, its event and the notices are as in use; the
    dossier is then read again. `days_ago` dates the request back."""

    class Meta:
        model = SupplementRequest

    dossier = factory.SubFactory(
        DossierFactory,
        status=DossierStatus.IN_PROCESSING,
        code=factory.Sequence(lambda n: f"11311-261207-{n:04d}"),
        submitted_at=factory.LazyFunction(timezone.now),
    )
    requested_by = factory.LazyAttribute(lambda asked: OfficialFactory(agency=asked.dossier.agency))
    components = factory.LazyAttribute(
        lambda asked: [DossierComponentFactory(procedure=asked.dossier.procedure)]
    )
    reason = "Thiếu giấy tờ"

    @classmethod
    def _create(cls, model_class, *, dossier, requested_by, components, reason):
        supplement = supplement_request(dossier=dossier, by=requested_by,
                                        components=list(components), reason=reason)  # fmt: skip
        dossier.refresh_from_db()
        return supplement

    @factory.post_generation
    def days_ago(supplement, create, extracted, **kwargs):
        if extracted:
            asked = timezone.now() - datetime.timedelta(days=extracted)
            SupplementRequest.objects.filter(pk=supplement.pk).update(created_at=asked)
            supplement.refresh_from_db()
