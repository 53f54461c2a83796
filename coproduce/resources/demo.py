"""Demo resource library: a generated toolkit and payment guidance (PDFs), and a recruitment
poster for Willow Ward. Loading again adds nothing."""

from django.template.loader import render_to_string
from weasyprint import HTML

from coproduce.lib.filetypes import PDF
from coproduce.operations.demo import DemoContext
from coproduce.organisations.contact import team_contact
from coproduce.organisations.models import Service
from coproduce.resources import services
from coproduce.resources.models import (
    RecruitmentPoster,
    Resource,
    ResourceAudience,
    ResourceKind,
)

TOOLKIT = "Involving patients and carers in QI: a toolkit"
PAYMENT_GUIDE = "Paying patients and carers for their time"

DOCUMENTS = {
    TOOLKIT: {
        "kind": ResourceKind.TOOLKIT,
        "audience": ResourceAudience.STAFF,
        "summary": "How to involve patients and carers at each of the five stages of a QI "
        "project, from choosing the focus to reporting what you found.",
        "is_public": True,
        "sections": [
            (
                "Big I and little i",
                "Little i is asking for ideas or views: a survey, a focus group, a comment. "
                "Big I is patients and carers as full, continuous partners on the project team.",
            ),
            (
                "The five stages",
                "Involve patients and carers in choosing the focus, as members of the team, in "
                "forming change ideas, in the PDSA cycles and in reporting the findings.",
            ),
            (
                "Getting started",
                "Ask the involvement team for a call. We can help you find people from the "
                "involvement pool, arrange training and explain how payment works.",
            ),
        ],
    },
    PAYMENT_GUIDE: {
        "kind": ResourceKind.GUIDANCE,
        "audience": ResourceAudience.EVERYONE,
        "summary": "What we pay, how, and what to think about if you receive benefits.",
        "is_public": True,
        "sections": [
            (
                "What we pay",
                "We pay for time spent on QI projects at the trust's current hourly rates. You "
                "can decline payment, take a lower fee, or ask for it to go to a charity.",
            ),
            (
                "Benefits",
                "Payments can affect some benefits. Check before you accept, and tell us which "
                "limits you want us to warn you about. Receipted expenses are not earnings.",
            ),
        ],
    },
}


def _document_pdf(title: str, organisation_name: str, sections: list[tuple[str, str]]) -> bytes:
    html = render_to_string(
        "resources/demo_document.html",
        {"title": title, "organisation": organisation_name, "sections": sections},
    )
    return HTML(string=html).write_pdf()


def load(context: DemoContext) -> None:
    trust = context.organisation
    coordinator = context.records["coordinator@example.org"]
    for title, spec in DOCUMENTS.items():
        if Resource.objects.filter(organisation=trust, title=title).exists():
            continue
        resource = Resource(
            organisation=trust,
            title=title,
            kind=spec["kind"],
            audience=spec["audience"],
            summary=spec["summary"],
            is_public=spec["is_public"],
        )
        pdf = _document_pdf(title, trust.name, spec["sections"])  # type: ignore[arg-type]
        name = title.lower().replace(" ", "-").replace(":", "") + ".pdf"
        services.create_resource(
            resource, data=pdf, file_type=PDF, original_name=name, by=coordinator
        )
    if RecruitmentPoster.objects.filter(organisation=trust).exists():
        return
    service = Service.objects.filter(
        directorate__organisation=trust, name__startswith="Willow Ward"
    ).first()
    if service is None:
        return
    team = team_contact(trust)
    poster = services.create_poster(
        RecruitmentPoster(
            organisation=trust,
            service=service,
            headline="Help us make Willow Ward better",
            message=(
                "We want to hear from people who have stayed on Willow Ward, and from their "
                "carers.\nJoin our involvement pool and help shape how the ward works."
            ),
            contact_name="Chris Doyle, involvement coordinator",
            contact_phone=team.phone,
            contact_email=team.email,
        ),
        by=coordinator,
    )
    services.add_poster_to_library(poster, by=coordinator)
