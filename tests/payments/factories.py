import factory
from factory.django import DjangoModelFactory

from payments.models import Payment, PaymentStatus


class PaymentFactory(DjangoModelFactory):
    """A registered attempt, waiting for the payer."""

    class Meta:
        model = Payment

    payer = factory.SelfAttribute("dossier.applicant")
    amount_vnd = factory.SelfAttribute("dossier.fee_vnd")
    status = PaymentStatus.PENDING
    order_id = factory.Sequence(lambda n: f"MCS261125{n:012X}")
    transaction_id = factory.Sequence(lambda n: f"PG261125{n:016X}")
    checkout_url = factory.LazyAttribute(
        lambda p: f"http://127.0.0.1:8000/payment-platform/checkout/{p.transaction_id}"
    )
