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
@rules.predicate
def has_pool_record(user: Any) -> bool:
    """A pool member with a pool record: only they can claim for themselves."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.POOL_MEMBER)
        and getattr(user, "pool_member", None) is not None
    )


@rules.predicate
def leads_claims_project(user: Any, claim: Any) -> bool:
    project = getattr(getattr(claim, "activity", None), "project", None)
    return project is not None and project.lead_id == user.pk


@rules.predicate
def owns_claim(user: Any, claim: Any) -> bool:
    member = getattr(claim, "member", None)
    return member is not None and member.user_id is not None and member.user_id == user.pk


@rules.predicate
def submitted_claim(user: Any, claim: Any) -> bool:
    return getattr(claim, "submitted_by_id", None) == user.pk


@rules.predicate
def claim_is_draft(user: Any, claim: Any) -> bool:
    return getattr(claim, "status", None) == "draft"


@rules.predicate
def claim_is_submitted(user: Any, claim: Any) -> bool:
    return getattr(claim, "status", None) == "submitted"


rules.add_perm("payments.view_claim_list", is_involvement_team | is_project_lead | is_finance)
rules.add_perm("payments.view_all_claims", is_involvement_team | is_finance)
rules.add_perm(
    "payments.view_claim",
    same_organisation
    & (is_involvement_team | is_finance | (is_project_lead & leads_claims_project) | owns_claim),
)
# Nobody approves a claim that is theirs or that they sent: a second person always checks it.
# The member changes their own draft; the involvement team can help with it. Finance never edits.
rules.add_perm(
    "payments.change_claim",
    same_organisation & claim_is_draft & (owns_claim | is_involvement_team),
)
rules.add_perm(
    "payments.decide_claim",
    same_organisation
    & claim_is_submitted
    & ~owns_claim
    & ~submitted_claim
    & (is_involvement_team | (is_project_lead & leads_claims_project)),
)
rules.add_perm("payments.log_activity_for_members", is_involvement_team)
rules.add_perm("payments.view_own_claims", has_pool_record)
rules.add_perm("payments.view_batches", is_finance)
rules.add_perm("payments.manage_batches", is_finance)
rules.add_perm("payments.view_reports", is_finance | is_involvement_team | is_administrator)
rules.add_perm("payments.manage_policy", is_administrator)

# Training

# Support requests

# Resource library
