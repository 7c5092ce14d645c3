"""PDFs made for the tests with reportlab: a talk of numbered pages, a locked one, odd sizes."""

import io

from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import landscape
from reportlab.pdfgen import canvas

SLIDE = landscape((405.0, 720.0))  # 16:9, as a slide tool exports it


def talk(pages: int, *, size: tuple[float, float] = SLIDE, password: str | None = None) -> bytes:
    """`pages` pages, each with a big number and a line of text saying which page it is; with
    `password`, locked with it (RC4/AES as reportlab does)."""
    out = io.BytesIO()
    encrypt = None if password is None else pdfencrypt.StandardEncryption(password, canPrint=0)
    pdf = canvas.Canvas(out, pagesize=size, encrypt=encrypt)
    width, height = size
    for number in range(1, pages + 1):
        pdf.setFillColorRGB(0.1, 0.2, 0.5)
        pdf.rect(0, 0, width, height / 8, fill=1, stroke=0)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont("Helvetica-Bold", min(72, height / 4))
        pdf.drawString(min(40, width / 10), height / 2, str(number))
        pdf.setFont("Helvetica", min(18, height / 12))
        pdf.drawString(min(40, width / 10), height / 3, f"Slide {number} about reading")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def shapes(pages: int) -> bytes:
    """Pages with a drawing and no words at all (a photo slide, a scanned page)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=SLIDE)
    for number in range(pages):
        pdf.setFillColorRGB(0.2 + number / 10, 0.5, 0.3)
        pdf.circle(360, 200, 120, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
