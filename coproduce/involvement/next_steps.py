"""What a project lacks in patient and carer involvement, and the next step for the person
reading: the stage the ledger shows is missing, and where to act on it (post an opportunity,
for those who may; otherwise ask the involvement team for a match)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from coproduce.lib import involvement_levels as levels

# The step for each stage that lacks a patient or carer, in plain words.
STEP_FOR_STAGE = {
    levels.FOCUS: "Find a patient or carer to help choose the focus",
    levels.TEAM: "Find a patient or carer to join the project team",
    levels.CHANGE_IDEAS: "Find a patient or carer to help form the change ideas",
    levels.PDSA: "Find a patient or carer to take part in the PDSA cycles",
    levels.REPORTING: "Find a patient or carer to help report the findings",
}
FIRST_STEP = "Find a patient or carer to involve"


@dataclass(frozen=True)
class NextStep:
    text: str
    href: str
    stage: str | None  # the stage it is for; None when no stage is missing yet


def may_post_for(user: Any, project: Any) -> bool:
    """Whether the person may post an opportunity for this project (the opportunity form offers
    the involvement team every project, and a lead their own)."""
    from coproduce.accounts.models import Role

    if not user.has_perm("matching.add_opportunity"):
        return False
    return user.has_role(Role.INVOLVEMENT_TEAM) or project.lead_id == user.pk


def _url(name: str, **query: Any) -> str | None:
    try:
        return reverse(name) + "?" + urlencode(query, doseq=True)
    except NoReverseMatch:
        return None


def next_step(user: Any, project: Any, missing: Sequence[str]) -> NextStep | None:
    """The next step for `user` on `project`, given the stages the ledger shows it lacks (in
    order), or None when the person can do nothing about it."""
    stage = missing[0] if missing else None
    text = STEP_FOR_STAGE.get(stage, FIRST_STEP) if stage else FIRST_STEP
    if may_post_for(user, project):
        query: dict[str, Any] = {"project": project.pk}
        if stage:
            query["stage"] = stage
        href = _url("matching:opportunity-new", **query)
        if href:
            return NextStep(text=text, href=href, stage=stage)
    if user.has_perm("support.ask_for_project_help"):
        href = _url("support:request-new", project=project.pk, help="finding_people")
        if href:
            asked = f"Ask the involvement team to {text[0].lower()}{text[1:]}"
            return NextStep(text=asked, href=href, stage=stage)
    return None
