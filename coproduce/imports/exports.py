"""Downloads of the list pages (projects, the pool, claims, training, support requests).

Each list's rows come from the same filter function as its page, with the page's permission, so
a download holds exactly what the person could see on screen with the same filters; the
`coproduce export` command runs the same code as a named person. Cells are written by
`coproduce.lib.tabular`, which makes text a spreadsheet would run inert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.lib import tabular


@dataclass(frozen=True)
class ListExport:
    name: str
    title: str
    permission: str
    columns: tuple[str, ...]
    rows: Callable[[Any, Mapping[str, str]], Iterable[Sequence[Any]]]


def _project_rows(user: Any, params: Mapping[str, str]) -> Iterable[Sequence[Any]]:
    from coproduce.involvement import measure
    from coproduce.involvement.models import Level
    from coproduce.projects.queries import filtered_projects

    measure.ensure_current(user.organisation)
    projects, _ = filtered_projects(user, params)
    levels = dict(Level.choices)
    for project in projects.iterator(chunk_size=2000):
        yield [
            project.external_reference,
            project.title,
            project.directorate.name,
            project.service.name if project.service else "",
            project.lead.email,
            project.get_status_display(),
            project.start_date,
            project.aim,
            levels.get(project.level_now, "Not counted"),
        ]


def _pool_rows(user: Any, params: Mapping[str, str]) -> Iterable[Sequence[Any]]:
    from coproduce.pool.queries import filtered_members

    members, _ = filtered_members(user, params)
    for member in members.iterator(chunk_size=2000):
        yield [
            member.first_name,
            member.last_name,
            member.email,
            member.phone,
            member.get_kind_display(),
            member.get_status_display(),
            member.source_service.name if member.source_service else "",
            timezone.localtime(member.created_at).date(),
        ]


def _claim_rows(user: Any, params: Mapping[str, str]) -> Iterable[Sequence[Any]]:
    from coproduce.payments.queries import filtered_claims

    claims, _ = filtered_claims(user, params)
    for claim in claims.iterator(chunk_size=2000):
        activity = claim.activity
        yield [
            claim.reference,
            claim.member.full_name,
            activity.activity_date,
            activity.activity_type.name,
            activity.project.title if activity.project else "",
            claim.get_status_display(),
            claim.payable_fee,
            claim.expenses_total,
        ]


def _training_rows(user: Any, params: Mapping[str, str]) -> Iterable[Sequence[Any]]:
    from coproduce.training import presenters
    from coproduce.training.queries import courses_with_sessions

    for course, sessions in courses_with_sessions(user):
        if not sessions:
            yield [course.title, course.get_audience_display(), "", "", "", "", ""]
        for session in sessions:
            yield [
                course.title,
                course.get_audience_display(),
                timezone.localtime(session.starts_at),
                timezone.localtime(session.ends_at),
                presenters.where_text(session),
                session.capacity,
                session.booked_count,
            ]


def _support_rows(user: Any, params: Mapping[str, str]) -> Iterable[Sequence[Any]]:
    from coproduce.support.queries import filtered_requests

    requests, _ = filtered_requests(user, params)
    for item in requests.iterator(chunk_size=2000):
        yield [
            timezone.localtime(item.created_at),
            item.name,
            item.email,
            item.phone,
            item.get_requester_role_display(),
            item.project.title if item.project else item.project_description,
            item.get_status_display(),
            timezone.localtime(item.first_contacted_at) if item.first_contacted_at else "",
        ]


EXPORTS: dict[str, ListExport] = {
    export.name: export
    for export in (
        ListExport(
            "projects",
            "Projects",
            "projects.view_project_list",
            (
                "External reference",
                "Title",
                "Directorate",
                "Service",
                "Project lead's email address",
                "Status",
                "Start date",
                "Aim",
                "Involvement this month",
            ),
            _project_rows,
        ),
        ListExport(
            "pool",
            "Pool",
            "pool.view_member_list",
            (
                "First name",
                "Last name",
                "Email",
                "Phone",
                "Patient or carer",
                "Status",
                "Heard about us through",
                "Joined",
            ),
            _pool_rows,
        ),
        ListExport(
            "claims",
            "Claims",
            "payments.view_claim_list",
            (
                "Claim reference",
                "Member",
                "Activity date",
                "Activity",
                "Project",
                "Status",
                "Fee",
                "Expenses",
            ),
            _claim_rows,
        ),
        ListExport(
            "training",
            "Training",
            "training.view_courses",
            ("Course", "For", "Starts", "Ends", "Where", "Places", "Booked"),
            _training_rows,
        ),
        ListExport(
            "support",
            "Support requests",
            "support.view_queue",
            (
                "Asked",
                "Name",
                "Email",
                "Phone",
                "Role",
                "Project",
                "Status",
                "First contacted",
            ),
            _support_rows,
        ),
    )
}


class ExportRefused(Exception):
    pass


def export(name: str, user: Any, params: Mapping[str, str], file_format: str) -> bytes:
    """The list `name` as `user` sees it with these filters, as CSV or XLSX bytes.

    Lists that name people are personal data leaving the product, so each download is audited.
    """
    item = EXPORTS.get(name)
    if item is None:
        raise ExportRefused(f"There is no list called {name}; choose from {', '.join(EXPORTS)}")
    if file_format not in tabular.FORMATS:
        raise ExportRefused("Choose csv or xlsx")
    if not user.has_perm(item.permission):
        raise ExportRefused(f"{user.email} may not see the {item.title.lower()} list")
    if not user.has_perm("imports.download_list", name):
        raise ExportRefused(f"{user.email} may not download lists")
    rows = list(item.rows(user, params))
    data = tabular.write(file_format, item.columns, rows, title=item.title)
    auditor.record(
        "exports.list_downloaded",
        actor=user,
        target=None,
        target_label=item.title,
        organisation=user.organisation,
        changes={
            "list": [None, item.title],
            "format": [None, file_format],
            "filters": [None, {k: v for k, v in params.items() if v and k != "page"}],
            "rows": [None, len(rows)],
        },
    )
    return data


def filename(name: str, file_format: str) -> str:
    stem = EXPORTS[name].title.lower().replace(" ", "-")
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format}"
