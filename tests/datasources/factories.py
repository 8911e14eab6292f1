"""Correction requests as the database owner's queue holds them: made
directly, without reading the source (correction_flag does that)."""

import factory
from factory.django import DjangoModelFactory

from datasources.models import CorrectionFlag, CorrectionRequest
from datasources.purposes import PurposeKind
from tests.accounts.factories import CitizenFactory


class CorrectionRequestFactory(DjangoModelFactory):
    class Meta:
        model = CorrectionRequest

    source = "population"
    field = "permanent_address"
    subject_personal_id = factory.Sequence(lambda n: f"031900{n:06d}")
    recorded_value = factory.Sequence(lambda n: f"Số {n} phố Cầu Đất")


class CorrectionFlagFactory(DjangoModelFactory):
    class Meta:
        model = CorrectionFlag

    request = factory.SubFactory(CorrectionRequestFactory)
    flagged_by = factory.SubFactory(
        CitizenFactory, personal_id=factory.SelfAttribute("..request.subject_personal_id")
    )
    purpose_type = PurposeKind.DOSSIER
    purpose_id = factory.Sequence(str)
    note = ""
