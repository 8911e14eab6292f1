import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dossiers.models import Dossier, PrefillSnapshot, PrefillSource, PrefillStatus
from tests.accounts.factories import CitizenFactory, WardFactory
from tests.procedures.factories import ProcedureFactory


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
