"""Domain errors of payments, each with a bilingual message and the HTTP status
the pages and the notification endpoint answer with."""

from __future__ import annotations


class PaymentError(Exception):
    """Base of every refused or failed payment action."""

    code = "payment_error"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PaymentNotAllowed(PaymentError):
    """Someone other than the applicant tried to pay."""

    code = "not_allowed"
    http_status = 403


class NoFeeDue(PaymentError):
    """The dossier is not waiting for a fee (free, not yet submitted, or already paid)."""

    code = "no_fee_due"
    http_status = 409


class PaymentPlatformUnavailable(PaymentError):
    """The platform did not answer, answered 5xx, or is not configured."""

    code = "platform_unavailable"
    http_status = 503


class PaymentPlatformRefused(PaymentError):
    """The platform refused the request (credentials, a conflicting order, a wrong amount)."""

    code = "platform_refused"
    http_status = 502


class NoticeRejected(PaymentError):
    """A notification from the platform that is not taken; nothing was changed."""

    code = "notice_rejected"

    def __init__(self, message: str, *, code: str, http_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class CounterPaymentRefused(PaymentError):
    """A payment at the desk that cannot be recorded: a wrong amount, no
    receipt number, an unknown method; nothing was recorded."""

    code = "counter_payment_refused"
    http_status = 400


class ReceiptNumberTaken(CounterPaymentRefused):
    """The fee receipt's number was already recorded for a payment."""

    code = "receipt_number_taken"
    http_status = 409


class FeePaidOnline(PaymentError):
    """The desk was about to take a fee the applicant had paid online: the
    online payment was settled instead and nothing was taken at the desk."""

    code = "fee_paid_online"
    http_status = 409


class OnlinePaymentUnconfirmed(PaymentError):
    """The dossier has an online order open and the platform could not close it:
    nothing was taken at the desk, lest the fee be paid twice."""

    code = "online_payment_unconfirmed"
    http_status = 503


class RefundNotDue(PaymentError):
    """A payment that is not owed back (not paid twice, or paid at the desk)."""

    code = "refund_not_due"
    http_status = 409
