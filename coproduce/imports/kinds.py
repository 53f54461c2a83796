"""The kinds of file the import machinery takes: each brings its fields, its check and apply
steps, its permission and the words its pages use. The upload, matching, preview, progress and
all-or-nothing import are shared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from coproduce.imports import columns, pool, staff, structure


@dataclass(frozen=True)
class ImportKind:
    code: str
    permission: str
    fields: tuple[columns.ImportField, ...]
    title: str  # "Import projects"
    file_label: str  # "Spreadsheet of projects"
    noun: str  # "projects", used as "New projects"
    single: str  # "project"
    url_prefix: str  # "" or "structure-": the names of this kind's URLs
    back: tuple[str, str]  # where the pages lead back to: (text, url name)
    intro: str
    preview_columns: tuple[tuple[str, str], ...]
    check: Callable[..., Any]
    apply: Callable[..., dict[str, int]]
    preview: Callable[..., list[dict[str, Any]]]

    def url(self, step: str, pk: int | None = None) -> str:
        """The address of one step of this kind's import: upload, columns, job, job-progress,
        job-run."""
        name = f"imports:{self.url_prefix}{step}"
        return reverse(name, kwargs={"pk": pk}) if pk is not None else reverse(name)

    def guess(self, headers: list[str]) -> dict[str, str]:
        """The likely column for each field, from the field's own names and every saved preset
        of this kind (other platforms' headings, kept as data: imports.ImportPreset)."""
        from coproduce.imports.models import ImportPreset

        synonyms: dict[str, list[str]] = {}
        for preset in ImportPreset.objects.filter(kind=self.code):
            for name, headings in (preset.headings or {}).items():
                synonyms.setdefault(name, []).extend(str(h) for h in headings)
        return columns.guess(headers, self.fields, synonyms)


def _project_kind() -> ImportKind:
    from coproduce.imports import services

    return ImportKind(
        code="projects",
        permission="imports.import_projects",
        fields=columns.FIELDS,
        title="Import projects",
        file_label="Spreadsheet of projects",
        noun="projects",
        single="project",
        url_prefix="",
        back=("Back to projects", "projects:list"),
        intro="",
        preview_columns=(
            ("reference", "Reference"),
            ("title", "Title"),
            ("directorate", "Directorate"),
            ("lead", "Lead"),
        ),
        check=services.check,
        apply=services.apply,
        preview=services.preview_rows,
    )


STRUCTURE = ImportKind(
    code="structure",
    permission="organisations.manage_structure",
    fields=structure.FIELDS,
    title="Import the trust's structure",
    file_label="Spreadsheet of directorates and services",
    noun="directorates and services",
    single="directorate or service",
    url_prefix="structure-",
    back=("Back to organisation structure", "organisations:structure"),
    intro=(
        "One row for each directorate and each service. A directorate's row has no parent; a "
        "service's parent is the name of its directorate, in the same file or already here. "
        "Names already here are kept and their codes updated, so you can import the same file "
        "again."
    ),
    preview_columns=structure.PREVIEW_COLUMNS,
    check=structure.check,
    apply=structure.apply,
    preview=structure.preview_rows,
)

STAFF = ImportKind(
    code="staff",
    permission="accounts.manage_users",
    fields=staff.FIELDS,
    title="Import staff accounts",
    file_label="Spreadsheet of staff",
    noun="staff accounts",
    single="staff account",
    url_prefix="staff-",
    back=("Back to users and roles", "accounts:user-list"),
    intro=(
        "One row for each member of staff: their name, email address and roles, and if you "
        "like their directorate and job title. Each new person is sent an email with a link to "
        "choose their password. Someone who already has an account is left as they are."
    ),
    preview_columns=staff.PREVIEW_COLUMNS,
    check=staff.check,
    apply=staff.apply,
    preview=staff.preview_rows,
)

POOL = ImportKind(
    code="pool",
    permission="imports.import_pool",
    fields=pool.FIELDS,
    title="Import the pool of patients and carers",
    file_label="Spreadsheet of patients and carers",
    noun="patients and carers",
    single="person",
    url_prefix="pool-",
    back=("Back to the pool", "pool:list"),
    intro=(
        "One row for each patient or carer from your earlier records: their status, contact "
        "details, lived experience, interests, training and DBS check. Each needs an email "
        'address, phone number or postal address. Everyone imported is marked "consent to be '
        'confirmed": they are not offered opportunities until they confirm, through a link '
        "you email them or by telling you."
    ),
    preview_columns=pool.PREVIEW_COLUMNS,
    check=pool.check,
    apply=pool.apply,
    preview=pool.preview_rows,
)

_KINDS: dict[str, ImportKind] = {}


def get(code: str) -> ImportKind:
    if not _KINDS:
        for kind in (_project_kind(), STRUCTURE, STAFF, POOL):
            _KINDS[kind.code] = kind
    return _KINDS[code]
