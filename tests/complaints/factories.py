import factory
from factory.django import DjangoModelFactory

from complaints.models import Complaint, ComplaintCategory, ComplaintChannel, RoutingRule
from tests.accounts.factories import AgencyFactory, CitizenFactory, WardFactory


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint

    code = factory.Sequence(lambda n: f"PAKN-261125-{n + 1:04d}")
    category = ComplaintCategory.REPROVIDE_DATA
    channel = ComplaintChannel.ONLINE
    description = "Cán bộ yêu cầu nộp bản sao giấy khai sinh."
    unit = factory.SubFactory(WardFactory)
    reporter = factory.SubFactory(CitizenFactory)
    due_date = factory.Faker("date_this_year")


class RoutingRuleFactory(DjangoModelFactory):
    class Meta:
        model = RoutingRule

    position = factory.Sequence(lambda n: (n + 1) * 10)
    target_agency = factory.SubFactory(AgencyFactory)
