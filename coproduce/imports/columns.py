"""The fields a project import can fill, and how a spreadsheet's headings are matched to them."""

from dataclasses import dataclass

from coproduce.lib import involvement_levels as levels


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool
    hint: str
    # Headings other systems commonly use, compared without case, spaces or punctuation.
    aliases: tuple[str, ...] = ()


# Involvement at these stages is imported as dated records; the team stage comes from the
# patients and carers on the team, so it has no column of its own.
STAGE_FIELDS = {
    levels.FOCUS: "involved_in_focus_on",
    levels.CHANGE_IDEAS: "involved_in_change_ideas_on",
    levels.PDSA: "involved_in_pdsa_on",
    levels.REPORTING: "involved_in_reporting_on",
}

FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "external_reference",
        "External reference",
        True,
        "The project's reference in the other system; a project already here with the same "
        "reference is updated rather than added again.",
        ("reference", "ref", "project reference", "project id", "id", "project number"),
    ),
    ImportField("title", "Title", True, "", ("project title", "project name", "name")),
    ImportField("directorate", "Directorate", True, "The directorate's name, as in Coproduce."),
    ImportField(
        "service", "Service", False, "The service's name within the directorate.", ("team",)
    ),
    ImportField(
        "lead_email",
        "Project lead's email address",
        True,
        "A member of staff here who leads projects.",
        ("lead email", "lead", "project lead", "project lead email"),
    ),
    ImportField(
        "status",
        "Status",
        False,
        "Active, On hold, Completed or Stopped. Empty means active for a new project and no "
        "change for one already here.",
        ("project status",),
    ),
    ImportField(
        "status_changed_on",
        "Status changed on",
        False,
        "When the status took effect; empty means today.",
        ("status date",),
    ),
    ImportField("start_date", "Start date", True, "", ("start", "started", "started on")),
    ImportField("aim", "Aim", False, "", ("aim statement", "project aim")),
    ImportField(
        "staff_team",
        "Staff on the team",
        False,
        "Email addresses of staff, separated by semicolons.",
        ("staff", "team", "team members", "staff team"),
    ),
    ImportField(
        "patients_carers",
        "Patients and carers on the team",
        False,
        "Pool members' email addresses or the names of people outside the pool, separated by "
        "semicolons. Write Anonymous for someone who would rather not be named.",
        ("patients", "carers", "patients and carers", "service users", "experts by experience"),
    ),
    ImportField(
        STAGE_FIELDS[levels.FOCUS],
        "Involved in choosing the focus from",
        False,
        "The date patients or carers first took part in this stage.",
        ("focus", "choosing the focus"),
    ),
    ImportField(
        STAGE_FIELDS[levels.CHANGE_IDEAS],
        "Involved in change ideas from",
        False,
        "The date patients or carers first took part in this stage.",
        ("change ideas",),
    ),
    ImportField(
        STAGE_FIELDS[levels.PDSA],
        "Involved in PDSA cycles from",
        False,
        "The date patients or carers first took part in this stage.",
        ("pdsa", "pdsa cycles", "testing"),
    ),
    ImportField(
        STAGE_FIELDS[levels.REPORTING],
        "Involved in reporting the findings from",
        False,
        "The date patients or carers first took part in this stage.",
        ("reporting", "sharing findings"),
    ),
)
FIELDS += (
    ImportField(
        "progress_score",
        "IHI progress score",
        False,
        "0.5 to 5.0 in steps of 0.5, as the other system scored it.",
        ("ihi score", "progress score", "ihi progress score"),
    ),
    ImportField(
        "involvement",
        "Service user involvement",
        False,
        "Yes or No. A Yes is recorded as involvement at a stage not yet known, which counts as "
        "little i until the team says which stages it was.",
        ("patient involvement", "service user involvement", "involvement"),
    ),
    ImportField(
        "involvement_notes",
        "Service user involvement notes",
        False,
        "Kept with the involvement record.",
        ("involvement notes", "service user involvement notes"),
    ),
)
BY_NAME = {f.name: f for f in FIELDS}
REQUIRED = tuple(f.name for f in FIELDS if f.required)


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def guess(
    headers: list[str],
    fields: tuple[ImportField, ...] = FIELDS,
    presets: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Match headings to fields by name, so a file exported from Coproduce needs no matching,
    then by the headings other platforms use (`presets`: field name to headings). Case, spaces
    and punctuation are ignored."""
    by_squash = {_squash(h): h for h in headers}
    found: dict[str, str] = {}
    presets = presets or {}
    for item in fields:
        for candidate in (item.label, item.name, *presets.get(item.name, ()), *item.aliases):
            heading = by_squash.get(_squash(candidate))
            if heading is not None and heading not in found.values():
                found[item.name] = heading
                break
    return found
