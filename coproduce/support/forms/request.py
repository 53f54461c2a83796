from typing import Any

from django import forms

from coproduce.organisations.forms.visitors import ChoosesTrust
from coproduce.organisations.models import Organisation
from coproduce.projects.models import Project, ProjectStatus
from coproduce.support.models import HelpKind, RequesterRole

NOT_LISTED = "not_listed"
# Help with running a project: offered to staff and to visitors (who may be staff), not to a
# patient or carer signed in.
PROJECT_HELP = (HelpKind.FINDING_PEOPLE, HelpKind.PAYMENT_ADVICE)


class SupportRequestForm(ChoosesTrust):
    """Ask for support. Signed-in people are not asked who they are; visitors are."""

    organisation = forms.ModelChoiceField(
        label="Which NHS trust is it about?",
        queryset=Organisation.objects.none(),
        empty_label="Select a trust",
        error_messages={
            "required": "Select the NHS trust",
            "invalid_choice": "Select the NHS trust",
        },
    )
    name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    email = forms.EmailField(
        label="Your email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    phone = forms.CharField(
        label="Your phone number",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "class": "nhsuk-input--width-20"}),
    )
    requester_role = forms.ChoiceField(
        label="Are you staff, a patient or a carer?",
        choices=RequesterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are staff, a patient or a carer"},
    )
    project = forms.ChoiceField(
        label="Which project is it about?",
        required=False,
        help_text="Choose your project, or say below if it is not listed or not started yet.",
    )
    project_description = forms.CharField(
        label="Your project",
        required=False,
        max_length=300,
        help_text="Its name or a few words about it. Leave empty if you do not have a project yet.",
    )
    help_wanted = forms.MultipleChoiceField(
        label="What help would you like?",
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select the help you would like",
            "invalid_choice": "Select the help you would like from the list",
        },
    )
    other_help = forms.CharField(label="What else would help?", required=False, max_length=300)
    details = forms.CharField(
        label="Anything else we should know?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    availability = forms.CharField(
        label="When suits you for us to get in touch?",
        max_length=300,
        help_text="For example, weekday mornings, or Tuesdays after 2pm.",
        error_messages={"required": "Tell us when suits you for us to get in touch"},
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the involvement team may contact me about this request",
        help_text="We use your details only to help with this request.",
        error_messages={
            "required": "Confirm that the involvement team may contact you about this request"
        },
    )

    def __init__(self, *args: Any, user: Any, initial_project: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if getattr(user, "is_authenticated", False) else None
        if self.user is not None:
            self.drop_trust_question(self.user.organisation)
            for name in ("name", "email", "phone"):
                del self.fields[name]
            projects = Project.objects.filter(
                organisation=self.user.organisation_id,
                status__in=[ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD],
            ).order_by("title")
            if not self.user.has_perm("projects.view_project_list"):
                # A patient or carer is offered the projects they are on, not the trust's list.
                projects = projects.filter(team__pool_member__user=self.user).distinct()
            if not self.user.has_perm("support.ask_for_project_help"):
                self.fields["help_wanted"].choices = [
                    (value, label) for value, label in HelpKind.choices if value not in PROJECT_HELP
                ]
            self.projects = {str(project.pk): project for project in projects}
            self.fields["project"].choices = [
                ("", "Select a project"),
                *[(pk, project.title) for pk, project in self.projects.items()],
                (NOT_LISTED, "It is not listed, or I do not have a project yet"),
            ]
            if initial_project is not None and str(initial_project.pk) in self.projects:
                self.initial["project"] = str(initial_project.pk)
        else:
            # Visitors describe their project in words: we do not list a trust's projects to
            # people who have not signed in.
            del self.fields["project"]
            self.projects = {}
            self.fields["project_description"].label = "Which project is it about?"
            self.offer_trusts()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        help_wanted = data.get("help_wanted") or []
        if HelpKind.OTHER in help_wanted and not data.get("other_help", "").strip():
            self.add_error("other_help", "Tell us what else would help")
        if self.user is not None:
            choice = data.get("project")
            if not choice:
                self.add_error("project", "Select your project, or say it is not listed")
            elif choice == NOT_LISTED:
                data["project_object"] = None
            else:
                data["project_object"] = self.projects.get(choice)
        else:
            data["project_object"] = None
        return data
