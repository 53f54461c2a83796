"""The caller's organisation and its structure (trust -> directorates -> services)."""

from django.http import HttpRequest
from ninja import Router, Schema

from coproduce.api.problems import replies
from coproduce.organisations.models import Directorate, Service

router = Router(tags=["Organisations"])


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


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    ods_code: str
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
    org = request.user.organisation
    if org is None:
        from django.http import Http404

        raise Http404("no organisation")
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
