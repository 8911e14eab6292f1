"""How the payment platform signs its notifications, and how the portal checks them.

The platform sends the JSON body with two headers:

    X-Paygov-Timestamp: 1764000000          (Unix seconds when it was signed)
    X-Paygov-Signature: v1=<hex>            (HMAC-SHA256 of "<timestamp>.<raw body>")

keyed with the secret the merchant shares with the platform. The timestamp is
part of what is signed, so an old notification cannot be replayed with a new
one; the receiver refuses timestamps outside its tolerance either way.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Paygov-Timestamp"
SIGNATURE_HEADER = "X-Paygov-Signature"
SCHEME = "v1"


def notice_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for this body signed at `timestamp`."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def notice_signature_valid(*, secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    """True when `signature` is this body's, signed at `timestamp` with `secret`.
    An empty secret validates nothing."""
    if not secret:
        return False
    expected = notice_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected.encode(), signature.strip().encode())
