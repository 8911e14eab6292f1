import factory
from factory.django import DjangoModelFactory

from dossiers.models import Dossier
from tests.accounts.factories import CitizenFactory, WardFactory


class DossierFactory(DjangoModelFactory):
    class Meta:
        model = Dossier

    procedure_code = "1.001193"
    agency = factory.SubFactory(WardFactory)
    applicant = factory.SubFactory(CitizenFactory)
    subject_personal_id = factory.SelfAttribute("applicant.personal_id")
