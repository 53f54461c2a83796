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

# The measure and the dashboard

# The pool of patients and carers

# Opportunities and matching

# Payments


# Training
@rules.predicate
def is_session_facilitator(user: Any, session: Any) -> bool:
    """The person runs this training session (staff, or a patient or carer from the pool)."""
    if session is None or not getattr(user, "is_authenticated", False):
        return False
    return session.facilitations.filter(user_id=user.pk).exists()


@rules.predicate
def is_own_record(user: Any, obj: Any) -> bool:
    """The record (an enrolment, a completion) is about the person themself."""
    return obj is not None and getattr(obj, "user_id", None) == getattr(user, "pk", None)


rules.add_perm("training.view_courses", is_signed_in & (is_staff_member | is_pool_member))
rules.add_perm("training.manage_courses", is_involvement_team)
rules.add_perm("training.change_course", is_involvement_team & same_organisation)
rules.add_perm("training.view_session", (is_staff_member | is_pool_member) & same_organisation)
rules.add_perm("training.book_session", (is_staff_member | is_pool_member) & same_organisation)
rules.add_perm(
    "training.view_session_people",
    same_organisation & (is_involvement_team | is_session_facilitator),
)
rules.add_perm(
    "training.take_attendance",
    same_organisation & (is_involvement_team | is_session_facilitator),
)
rules.add_perm("training.view_own_training", is_signed_in)
rules.add_perm(
    "training.view_certificate",
    same_organisation & (is_own_record | is_involvement_team),
)
rules.add_perm("training.view_reports", is_involvement_team | is_administrator)

# Support requests
# Anyone may ask for support, signed in or not; only the involvement team works the queue.
rules.add_perm("support.view_queue", is_involvement_team)
rules.add_perm("support.change_request", is_involvement_team & same_organisation)


# Resource library
# Public resources are open to everyone, signed in or not (checked in the view, which has no user
# for visitors); signed-in-only ones to people of the same organisation.
@rules.predicate
def resource_is_public(user: Any, resource: Any) -> bool:
    return resource is not None and resource.is_public


rules.add_perm("resources.view_resource", resource_is_public | (is_signed_in & same_organisation))
rules.add_perm("resources.manage_library", is_involvement_team)
rules.add_perm("resources.change_resource", is_involvement_team & same_organisation)
rules.add_perm("resources.make_poster", is_involvement_team | is_project_lead)
rules.add_perm("resources.view_poster", (is_involvement_team | is_project_lead) & same_organisation)
