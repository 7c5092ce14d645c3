"""The join URL as a QR code (segno), scalable SVG for projectors."""

import io

import segno


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    # Medium error correction survives a projector's glare; a border of 2 modules is enough on a
    # light background.
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=False)
    return buffer.getvalue()
