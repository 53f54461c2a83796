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
# The tools of people who work for the trust (downloads of lists, API tokens): staff and finance,
# never a patient or carer from the pool, who sees only what a member needs.
uses_staff_tools = is_staff_member | is_finance


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


@rules.predicate
def is_own_organisation(user: Any, organisation: Any) -> bool:
    """The organisation is the user's own (for rules about an organisation itself)."""
    return organisation is not None and organisation.pk == getattr(user, "organisation_id", None)


@rules.predicate
def has_no_organisation(user: Any) -> bool:
    """Someone who belongs to no trust yet: the first administrator of a new installation."""
    return getattr(user, "organisation_id", None) is None


# Accounts and administration
rules.add_perm("accounts.manage_users", is_administrator)
rules.add_perm("accounts.change_user", is_administrator & same_organisation)
rules.add_perm("organisations.manage_structure", is_administrator)
rules.add_perm("organisations.change_organisation", is_administrator & is_own_organisation)
# Only an administrator who belongs to no trust sets one up; one who has a trust cannot make
# another (and so cannot move themselves out of theirs).
rules.add_perm("organisations.add_organisation", is_administrator & has_no_organisation)
rules.add_perm("audit.view_log", is_administrator)
# Personal API tokens, for reports and other systems: staff tools. Anyone may revoke their own.
rules.add_perm("api.manage_tokens", uses_staff_tools)


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


@rules.predicate
def is_patient_in_projects_ledger(user: Any, project: Any) -> bool:
    """A pool member who took part in the project in another role (a reviewer, a focus group)."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    return project.involvement_records.filter(pool_member__user=user).exists()


rules.add_perm("projects.view_project_list", is_staff_member)
# The member's own view of a project (what it is, their part, who to ask), not the staff page.
rules.add_perm(
    "projects.view_as_team_member",
    is_pool_member
    & same_organisation
    & (is_patient_on_project_team | is_patient_in_projects_ledger),
)
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
does_the_work = same_organisation & (
    leads_project | is_staff_on_project_team | is_involvement_team | is_administrator
)
rules.add_perm("projects.contribute", does_the_work)
# Whoever may change drivers, change ideas and PDSA cycles may delete them (on the project);
# the service still refuses to delete a record of a patient's or carer's involvement.
rules.add_perm("projects.delete_driver_element", does_the_work)
rules.add_perm("projects.delete_pdsa_cycle", does_the_work)
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
# Recalculating a chart's limits changes what the board reads: the involvement team on the
# trust's, directorates' and services' charts; the project's lead on a project measure.
rules.add_perm("involvement.change_limits", is_involvement_team)
rules.add_perm("projects.change_measure_limits", same_organisation & leads_project)


# The pool of patients and carers
@rules.predicate
def has_own_pool_record(user: Any) -> bool:
    """A signed-in person with a pool member record of their own (not anonymised)."""
    member = getattr(user, "pool_member", None) if getattr(user, "pk", None) else None
    return member is not None and not member.is_anonymised


@rules.predicate
def is_the_member(user: Any, member: Any) -> bool:
    return member is not None and member.user_id is not None and member.user_id == user.pk


is_team_here = is_involvement_team & same_organisation

rules.add_perm("pool.view_member_list", is_involvement_team)
rules.add_perm("pool.view_member", is_team_here)
rules.add_perm("pool.change_member", is_team_here)
# Lived experience, adjustments and benefits: the member and the involvement team only.
rules.add_perm("pool.view_sensitive_details", is_team_here | is_the_member)
rules.add_perm("pool.view_own_pages", is_pool_member & has_own_pool_record)
rules.add_perm("pool.manage_profile_options", is_involvement_team)
rules.add_perm("pool.confirm_deletion", is_team_here)


# Opportunities and matching
@rules.predicate
def leads_the_opportunity(user: Any, opportunity: Any) -> bool:
    if opportunity is None:
        return False
    return user.pk in (opportunity.posted_by_id, opportunity.project.lead_id)


@rules.predicate
def invitation_in_organisation(user: Any, invitation: Any) -> bool:
    return invitation is not None and (
        invitation.opportunity.organisation_id == getattr(user, "organisation_id", None)
    )


@rules.predicate
def invitation_is_theirs(user: Any, invitation: Any) -> bool:
    return invitation is not None and invitation.member.user_id == user.pk


@rules.predicate
def invitation_accepted(user: Any, invitation: Any) -> bool:
    return invitation is not None and invitation.status == "accepted"


@rules.predicate
def lead_of_invitation(user: Any, invitation: Any) -> bool:
    return invitation is not None and leads_the_opportunity(user, invitation.opportunity)


rules.add_perm("matching.view_opportunity_list", is_staff_member)
rules.add_perm("matching.add_opportunity", is_involvement_team | is_project_lead)
rules.add_perm("matching.view_opportunity", is_staff_member & same_organisation)
rules.add_perm(
    "matching.change_opportunity",
    same_organisation & (is_involvement_team | (is_project_lead & leads_the_opportunity)),
)
rules.add_perm(
    "matching.view_suggestions",
    same_organisation & (is_involvement_team | (is_project_lead & leads_the_opportunity)),
)
rules.add_perm("matching.invite", is_involvement_team & same_organisation)
# Full contact details: the team always; the project lead once the person has accepted.
rules.add_perm(
    "matching.view_contact_details",
    invitation_in_organisation
    & (is_involvement_team | (is_project_lead & lead_of_invitation & invitation_accepted)),
)
rules.add_perm("matching.reply_to_invitation", is_pool_member & invitation_is_theirs)


# Payments
@rules.predicate
def claims_as_pool_member(user: Any) -> bool:
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
#
# Who may act on a claim is one question; whether the claim's state still allows it is another.
# The `act_on` permissions answer only the first: a request from someone who may act always
# reaches the service, which does it or explains why not (another approver got there first, it
# was sent already), so the loser of a race or a double click sees what happened, never a
# refusal page. `change_claim` and `decide_claim` add the state, for what a page offers.
may_change_claims = same_organisation & (owns_claim | is_involvement_team)
may_decide_claims = (
    same_organisation
    & ~owns_claim
    & ~submitted_claim
    & (is_involvement_team | (is_project_lead & leads_claims_project))
)
rules.add_perm("payments.act_on_claim_change", may_change_claims)
rules.add_perm("payments.act_on_claim_decision", may_decide_claims)
rules.add_perm("payments.change_claim", may_change_claims & claim_is_draft)
rules.add_perm("payments.decide_claim", may_decide_claims & claim_is_submitted)
rules.add_perm("payments.log_activity_for_members", is_involvement_team)
rules.add_perm("payments.view_own_claims", claims_as_pool_member)
rules.add_perm("payments.view_batches", is_finance)
rules.add_perm("payments.manage_batches", is_finance)
rules.add_perm("payments.view_reports", is_finance | is_involvement_team | is_administrator)
rules.add_perm("payments.manage_policy", is_administrator)


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
# Help with running a project (finding patients and carers, paying them) is asked for by staff;
# patients and carers signed in are offered what they may need (a call, training, other help).
rules.add_perm("support.ask_for_project_help", is_staff_member)


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


# Import and export
# Importing writes projects, teams and involvement across the trust: the involvement team and
# administrators only. Downloads of list pages use each page's own permission.
rules.add_perm("imports.import_projects", is_involvement_team | is_administrator)
rules.add_perm("imports.import_pool", is_involvement_team)
rules.add_perm("imports.view_import", (is_involvement_team | is_administrator) & same_organisation)


@rules.predicate
def may_see_the_list(user: Any, name: Any) -> bool:
    """The person may see the list page the download `name` is made from."""
    from coproduce.imports.exports import EXPORTS

    export = EXPORTS.get(name) if isinstance(name, str) else None
    return export is not None and user.has_perm(export.permission)


# Downloading a list (CSV or Excel) is a staff tool: a pool member may see the course list, but
# a spreadsheet of every session is not something a member needs.
rules.add_perm("imports.download_list", uses_staff_tools & may_see_the_list)
