"""The banks and e-wallets the mock checkout offers, and the outcomes a
demonstration can choose, each with the failure the real platform reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    name: str
    kind: str  # "bank" or "wallet"


METHODS: tuple[PaymentMethod, ...] = (
    PaymentMethod("VCB", "Vietcombank", "bank"),
    PaymentMethod("CTG", "VietinBank", "bank"),
    PaymentMethod("BIDV", "BIDV", "bank"),
    PaymentMethod("AGRIBANK", "Agribank", "bank"),
    PaymentMethod("TCB", "Techcombank", "bank"),
    PaymentMethod("MB", "MB Bank", "bank"),
    PaymentMethod("VNPTMONEY", "VNPT Money", "wallet"),
    PaymentMethod("VIETTELMONEY", "Viettel Money", "wallet"),
    PaymentMethod("MOMO", "MoMo", "wallet"),
    PaymentMethod("ZALOPAY", "ZaloPay", "wallet"),
)
METHOD_CODES = frozenset(method.code for method in METHODS)

SUCCESS = "success"
# Failure code → what the platform tells the merchant (its own words, Vietnamese).
FAILURES: dict[str, str] = {
    "insufficient_funds": "Tài khoản không đủ số dư để thanh toán.",
    "otp_failed": "Nhập sai mã xác thực (OTP) quá số lần cho phép.",
    "declined": "Ngân hàng từ chối giao dịch.",
}
OUTCOMES = (
    (SUCCESS, _("Success")),
    ("insufficient_funds", _("Insufficient funds")),
    ("otp_failed", _("Wrong one-time password")),
    ("declined", _("Declined by the bank")),
)
