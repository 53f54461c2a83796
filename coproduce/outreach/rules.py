import rules

from coproduce.accounts.rules import is_involvement_team, is_team_here, is_the_member

# The team sees the calls to make, who cannot be reached and what could not be delivered.
rules.add_perm("outreach.view_calls", is_involvement_team)
# Contact choices: the member themselves, or the team on their behalf (audited either way).
rules.add_perm("outreach.change_contact_choices", is_team_here | is_the_member)
