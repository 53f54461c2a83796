"""Every permission decision in Coproduce, as `rules` predicates.

Views, templates (`has_perm(request.user, "...")`) and the API all ask these, so a rule changes in
one place. Predicates take (user, obj); objects belong to an organisation, and nobody sees another
organisation's records.
"""

from typing import Any

import rules

from coproduce.accounts.models import Role


def _role_predicate(role: str) -> rules.Predicate:
    @rules.predicate(name=f"is_{role}")
    def has_role(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.has_role(role))

    return has_role


is_administrator = _role_predicate(Role.ADMINISTRATOR)
is_involvement_team = _role_predicate(Role.INVOLVEMENT_TEAM)
is_project_lead = _role_predicate(Role.PROJECT_LEAD)
is_qi_staff = _role_predicate(Role.QI_STAFF)
is_pool_member = _role_predicate(Role.POOL_MEMBER)
is_finance = _role_predicate(Role.FINANCE)

is_staff_member = is_administrator | is_involvement_team | is_project_lead | is_qi_staff


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def same_organisation(user: Any, obj: Any) -> bool:
    """The object belongs to the user's own organisation."""
    if obj is None:
        return True
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is None and hasattr(obj, "organisation"):
        organisation_id = getattr(obj.organisation, "pk", None)
    return organisation_id is not None and organisation_id == getattr(user, "organisation_id", None)


# Accounts and administration
rules.add_perm("accounts.manage_users", is_administrator)
rules.add_perm("accounts.change_user", is_administrator & same_organisation)
rules.add_perm("organisations.manage_structure", is_administrator)
rules.add_perm("organisations.change_organisation", is_administrator & same_organisation)
rules.add_perm("audit.view_log", is_administrator)


# Projects and the involvement ledger
@rules.predicate
def leads_project(user: Any, project: Any) -> bool:
    return project is not None and project.lead_id == getattr(user, "pk", None)


@rules.predicate
def is_staff_on_project_team(user: Any, project: Any) -> bool:
    """A member of staff currently on the project's team."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    return project.team.filter(user=user, left_on__isnull=True).exists()


@rules.predicate
def is_patient_on_project_team(user: Any, project: Any) -> bool:
    """A pool member on the project's team: they may see that project and no other."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    return project.team.filter(pool_member__user=user).exists()


rules.add_perm("projects.view_project_list", is_staff_member)
rules.add_perm(
    "projects.view_project",
    same_organisation & (is_staff_member | is_patient_on_project_team),
)
rules.add_perm("projects.add_project", is_staff_member)
rules.add_perm(
    "projects.change_project",
    same_organisation & (leads_project | is_involvement_team | is_administrator),
)
# The team, driver diagram, PDSA cycles and measures: the people doing the work.
rules.add_perm(
    "projects.contribute",
    same_organisation
    & (leads_project | is_staff_on_project_team | is_involvement_team | is_administrator),
)
rules.add_perm(
    "projects.set_progress_score", same_organisation & (leads_project | is_administrator)
)
# The ledger names patients and carers: staff only, never other pool members.
rules.add_perm("involvement.view_ledger", same_organisation & is_staff_member)
rules.add_perm(
    "involvement.change_ledger",
    same_organisation & (leads_project | is_staff_on_project_team | is_involvement_team),
)

# The measure and the dashboard
# Trust leaders sign in as staff or administrators; pool members and finance do not see the
# dashboard, whose drill-down names projects and what they lack.
rules.add_perm("involvement.view_dashboard", is_staff_member)
rules.add_perm("involvement.change_settings", is_involvement_team | is_administrator)
rules.add_perm("involvement.annotate", is_involvement_team | is_administrator)

# The pool of patients and carers

# Opportunities and matching

# Payments

# Training

# Support requests

# Resource library
