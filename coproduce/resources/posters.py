"""Recruitment posters: an A4 PDF in NHS style with a QR code to the pool's sign-up page, and a
PNG preview of it.

WeasyPrint draws the PDF (the QR code is segno's SVG, embedded, so it stays sharp in print);
pypdfium2 renders the first page to PNG, as WeasyPrint has no PNG output of its own.
"""

import io
from typing import Any

import pypdfium2
import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from weasyprint import HTML

# A4 at 72 points to the inch is 595 x 842; 1.5x gives a preview about 890 pixels wide.
PREVIEW_SCALE = 1.5


def signup_url(service_id: int) -> str:
    """The pool's sign-up page, tagged with the service so enquiries show where they came from."""
    path = reverse("pool:join")
    return f"{settings.SITE_URL}{path}?{urlencode({'service': service_id})}"


def qr_svg(url: str) -> str:
    """The QR code as inline SVG. Medium error correction survives a creased or smudged print."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=8, border=4, dark="#000000", light="#ffffff", omitsize=False)


def poster_pdf(poster: Any) -> bytes:
    url = signup_url(poster.service_id)
    html = render_to_string(
        "resources/poster.html",
        {
            "poster": poster,
            "organisation": poster.organisation,
            "service": poster.service,
            "project": poster.project,
            "qr": qr_svg(url),
            "signup_url": url,
            "message_paragraphs": [p.strip() for p in poster.message.split("\n") if p.strip()],
        },
    )
    return HTML(string=html).write_pdf()


def first_page_png(pdf: bytes, scale: float = PREVIEW_SCALE) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        output = io.BytesIO()
        image.save(output, format="PNG", optimize=True)
        return output.getvalue()
    finally:
        document.close()


def poster_filename(poster: Any, extension: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in poster.headline.lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60] or "poster"
    return f"recruitment-poster-{slug}.{extension}"
