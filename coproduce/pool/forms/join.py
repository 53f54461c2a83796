from typing import Any

from django import forms

from coproduce.matching.models import OpportunityRole
from coproduce.organisations.forms.visitors import ChoosesTrust
from coproduce.organisations.models import Organisation
from coproduce.pool.models import MemberKind

WANTS_HINTS = {
    OpportunityRole.TEAM_MEMBER: "Join a project team for a few months, meeting monthly.",
    OpportunityRole.FOCUS_GROUP: "Share your views in a one-off group discussion.",
    OpportunityRole.REVIEWER: "Read and comment on leaflets, plans or reports, in your own time.",
    OpportunityRole.CO_PRESENTER: "Help present what a project found, with support.",
    OpportunityRole.TRAINER: "Help train staff by sharing your experience.",
}
# The same, as the involvement team reads them about someone else.
WANTS_HINTS_OF_THEM = {
    OpportunityRole.TEAM_MEMBER: "Join a project team for a few months, meeting monthly.",
    OpportunityRole.FOCUS_GROUP: "Share their views in a one-off group discussion.",
    OpportunityRole.REVIEWER: "Read and comment on leaflets, plans or reports, in their own time.",
    OpportunityRole.CO_PRESENTER: "Help present what a project found, with support.",
    OpportunityRole.TRAINER: "Help train staff by sharing their experience.",
}


class JoinForm(ChoosesTrust):
    """Expressing interest. The trust is asked for only when neither a poster's link nor the
    installation (serving just one trust) names it."""

    # The order of the page, so the error summary lists mistakes in the order they appear.
    field_order = ["first_name", "last_name", "kind", "organisation", "email", "phone"]

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    kind = forms.ChoiceField(
        label="Are you a patient, a carer, or both?",
        choices=MemberKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are a patient, a carer or both"},
    )
    organisation = forms.ModelChoiceField(
        label="Which NHS trust's services do you use?",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        help_text="If you are not sure, choose the one whose services you use most. "
        "The involvement team will check with you.",
        error_messages={
            "required": "Select the NHS trust whose services you use",
            "invalid_choice": "Select the NHS trust whose services you use",
        },
    )
    wants_to_do = forms.MultipleChoiceField(
        label="What would you like to do?",
        choices=OpportunityRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that interest you. You can change your mind later.",
    )
    about_me = forms.CharField(
        label="Anything else you would like to tell us",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what you would like to improve. Do not include medical details.",
    )
    consent = forms.BooleanField(
        label="I agree that the involvement team can keep these details to contact me about "
        "getting involved, as the privacy notice explains",
        error_messages={"required": "Tick the box to agree that we can keep your details"},
    )

    def __init__(self, *args: Any, poster_organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if poster_organisation is not None:
            self.drop_trust_question(poster_organisation)  # the poster names its trust
        else:
            self.offer_trusts()

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            not data.get("email")
            and not (data.get("phone") or "").strip()
            and not self.has_error("email")
        ):
            self.add_error("email", "Enter an email address or a phone number so we can reply")
        return data
