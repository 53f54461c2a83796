"""The caller's organisation and its structure (trust -> directorates -> services), with its
involvement team's contact details.

Anyone of the trust sees the team's contact details (the pages show them to patients, carers
and staff alike): the trust's own, each one it has not set filled in from the installation's, as
`team_contact` works them out. Only the trust's administrators change them
(`organisations.change_organisation`), through the same form and audited service as the
"Change the involvement team's contact details" page.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from coproduce.api.access import own_organisation, require
from coproduce.api.problems import replies
from coproduce.organisations import services
from coproduce.organisations.contact import team_contact
from coproduce.organisations.forms.team_contact import TeamContactForm
from coproduce.organisations.models import Directorate, Organisation, Service

router = Router(tags=["Organisations"])

# The team contact's fields in the API, and the organisation's fields (and form's) behind them.
TEAM_CONTACT_FIELDS = {"name": "team_name", "email": "team_email", "phone": "team_phone"}


class ServiceOut(Schema):
    id: int
    name: str
    is_active: bool


class DirectorateOut(Schema):
    id: int
    name: str
    cost_centre: str
    is_active: bool
    services: list[ServiceOut]


class TeamContactOut(Schema):
    name: str = Field(description="Blank when the trust has not named its team")
    email: str = Field(description="Where enquiries and requests for the team are sent")
    phone: str
    email_is_the_installations: bool = Field(
        description="The trust has set no email address of its own, so the installation's is used"
    )
    phone_is_the_installations: bool = Field(
        description="The trust has set no phone number of its own, so the installation's is used"
    )


class TeamContactIn(Schema):
    """Only the details sent change; a blank one goes back to the installation's. The rules
    (lengths, the email address's format, a phone number with digits) are the page's form's."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        None,
        description="The team's name, at most 100 characters",
        examples=["Patient and Carer Involvement Team"],
    )
    email: str = Field(
        None,
        description="An email address, or blank for the installation's",
        examples=["involvement@example.org"],
    )
    phone: str = Field(
        None,
        description="A phone number, or blank for the installation's",
        examples=["020 7946 0000"],
    )


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    ods_code: str
    team_contact: TeamContactOut
    directorates: list[DirectorateOut]


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    organisation: str | None
    roles: list[str]


@router.get("/me", response=replies(MeOut), summary="Who the token or session belongs to")
def me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation.name if user.organisation else None,
        "roles": sorted(user.role_set()),
    }


@router.get(
    "/organisation",
    response=replies(OrganisationOut),
    summary="Your organisation with its directorates and services",
)
def organisation(request: HttpRequest) -> dict:
    org = own_organisation(request)
    directorates = Directorate.objects.filter(organisation=org).order_by("name", "id")
    services = Service.objects.filter(directorate__organisation=org).order_by("name", "id")
    by_directorate: dict[int, list[Service]] = {}
    for service in services:
        by_directorate.setdefault(service.directorate_id, []).append(service)
    return {
        "id": org.pk,
        "name": org.name,
        "short_name": org.short_name,
        "ods_code": org.ods_code,
        "team_contact": _team_contact(org),
        "directorates": [
            {
                "id": d.pk,
                "name": d.name,
                "cost_centre": d.cost_centre,
                "is_active": d.is_active,
                "services": by_directorate.get(d.pk, []),
            }
            for d in directorates
        ],
    }


def _team_contact(organisation: Organisation) -> dict[str, Any]:
    team = team_contact(organisation)
    return {
        "name": team.name,
        "email": team.email,
        "phone": team.phone,
        "email_is_the_installations": not organisation.team_email,
        "phone_is_the_installations": not organisation.team_phone,
    }


@router.patch(
    "/organisation/team-contact",
    response=replies(TeamContactOut),
    summary="Change your trust's involvement team contact details (administrators only)",
)
def change_team_contact(request: HttpRequest, payload: TeamContactIn) -> Any:
    organisation = own_organisation(request)
    require(request, "organisations.change_organisation", organisation)
    data = {field: getattr(organisation, field) for field in TEAM_CONTACT_FIELDS.values()}
    for name, field in TEAM_CONTACT_FIELDS.items():
        value = getattr(payload, name)
        if value is not None:
            data[field] = value
    form = TeamContactForm(data, instance=organisation)
    if not form.is_valid():
        api_name = {field: name for name, field in TEAM_CONTACT_FIELDS.items()}
        raise ValidationError(
            [
                {"loc": ["body", "payload", api_name.get(field, "request")], "msg": str(message)}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    saved = services.save_team_contact(form, by=request.user)
    return _team_contact(saved)
