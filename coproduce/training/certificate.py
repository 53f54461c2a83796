"""The completion certificate: an A4 PDF made with WeasyPrint from a Jinja template."""

from django.template.loader import render_to_string
from weasyprint import HTML

from coproduce.training.models import Completion


def certificate_pdf(completion: Completion) -> bytes:
    html = render_to_string(
        "training/certificate.html",
        {
            "completion": completion,
            "course": completion.course,
            "person": completion.user,
            "organisation": completion.course.organisation,
            "facilitators": (
                list(completion.session.facilitators.all()) if completion.session_id else []
            ),
        },
    )
    return HTML(string=html).write_pdf()


def certificate_filename(completion: Completion) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in completion.course.title.lower())
    slug = "-".join(part for part in slug.split("-") if part)
    return f"certificate-{slug}-{completion.completed_on:%Y-%m-%d}.pdf"
