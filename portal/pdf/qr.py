"""QR codes as PNG images, made by segno (pure Python, no imaging library)."""

from __future__ import annotations

import io

import segno


def qr_png(data: str, *, scale: int = 8, border: int = 4) -> bytes:
    """A QR code of `data` as PNG bytes: error correction level M, the quiet
    zone of four modules a reader needs. The same data gives the same bytes."""
    code = segno.make(data, error="m", micro=False, boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
