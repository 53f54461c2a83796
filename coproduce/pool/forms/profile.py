from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.matching.models import OpportunityRole
from coproduce.organisations.models import Service
from coproduce.pool.forms.join import WANTS_HINTS, WANTS_HINTS_OF_THEM
from coproduce.pool.models import (
    PAYMENT_PREFERENCE_OF_THEM,
    TIMES_OF_DAY,
    WEEKDAYS,
    Benefit,
    MemberKind,
    OptionKind,
    PaymentPreference,
    ProfileOption,
)


def _options(organisation: Any, kind: str, chosen: Any = None) -> Any:
    """The organisation's list for `kind`: entries in use, plus any already chosen."""
    qs = ProfileOption.objects.filter(organisation=organisation, kind=kind)
    if chosen is not None:
        return qs.filter(is_active=True) | qs.filter(pk__in=chosen)
    return qs.filter(is_active=True)


# The labels below speak to the member ("you"), on their own details page. The involvement
# team's form about a member speaks of the member ("they"): these replace them there. "{name}"
# is the member's first name.
TEAM_WORDING: dict[str, dict[str, str]] = {
    "wants_to_do": {
        "label": "Ways they would like to be involved",
        "help_text": "Select all that interest them. Suggestions of opportunities take this into "
        "account.",
    },
    "about_me": {"label": "What they would like to do"},
    "services_used": {"label": "Services they have used or cared for someone using"},
    "conditions": {"label": "Experiences they are happy to draw on"},
    "experience_notes": {
        "label": "Anything else about their experience",
        "help_text": "Only {name} and the involvement team can see this.",
    },
    "topics": {"label": "Topics that interest them"},
    "languages": {"label": "Languages they speak"},
    "adjustments": {
        "help_text": "For example, step-free access, breaks, papers in large print. "
        "Only {name} and the involvement team can see this.",
    },
    "available_days": {"label": "Days they are usually free"},
    "available_times": {"label": "Times they are usually free"},
    "in_person": {"label": "They can meet in person"},
    "remote": {"label": "They can take part online or by phone"},
    "away_until": {
        "help_text": "If they are taking a break, the date they will be back. "
        "For example, 27 3 2027",
    },
    "travel_areas": {"label": "Areas they can travel to"},
    "payment_preference": {
        "label": "How they would like to be paid",
        "required": "Select how they would like to be paid",
    },
    "declared_benefits": {
        "label": "Benefits they receive",
        "help_text": "They do not have to tell us. If they do, it is only used to warn them when "
        "a payment might affect their benefits. Only {name} and the involvement team can see "
        "this.",
    },
}


class ProfileForm(StoredForm):
    """A member's details, as the member (`own`) or the involvement team edits them: the form
    opens with what is stored (see StoredForm). The member's own form speaks to them ("you"),
    the team's speaks of them ("they")."""

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    kind = forms.ChoiceField(
        label="Patient, carer or both",
        choices=MemberKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select patient, carer or both"},
    )
    wants_to_do = forms.MultipleChoiceField(
        label="Ways you would like to be involved",
        choices=OpportunityRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that interest you. Suggestions of opportunities take this into "
        "account.",
        error_messages={"invalid_choice": "Select only the ways of being involved listed"},
    )
    about_me = forms.CharField(
        label="What you would like to do",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    services_used = forms.ModelMultipleChoiceField(
        label="Services you have used or cared for someone using",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conditions = forms.ModelMultipleChoiceField(
        label="Experiences you are happy to draw on",
        queryset=ProfileOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    experience_notes = forms.CharField(
        label="Anything else about your experience",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the involvement team can see this.",
    )
    topics = forms.ModelMultipleChoiceField(
        label="Topics that interest you",
        queryset=ProfileOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills",
        queryset=ProfileOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.CharField(
        label="Languages you speak",
        max_length=200,
        required=False,
        help_text="Separate languages with commas, for example: English, Punjabi",
    )
    adjustments = forms.CharField(
        label="Adjustments or access needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, step-free access, breaks, papers in large print. "
        "Only you and the involvement team can see this.",
    )
    available_days = forms.MultipleChoiceField(
        label="Days you are usually free",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_times = forms.MultipleChoiceField(
        label="Times you are usually free",
        choices=TIMES_OF_DAY,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    in_person = forms.BooleanField(label="I can meet in person", required=False)
    remote = forms.BooleanField(label="I can take part online or by phone", required=False)
    max_hours_per_month = forms.IntegerField(
        label="Most hours a month",
        min_value=1,
        max_value=160,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the most hours a month",
            "invalid": "Most hours a month must be a whole number, like 8",
            "min_value": "Most hours a month must be 1 or more",
            "max_value": "Most hours a month must be 160 or fewer",
        },
    )
    away_until = NHSDateField(
        label="Away until",
        required=False,
        help_text="If you are taking a break, the date you will be back. For example, 27 3 2027",
    )
    travel_areas = forms.ModelMultipleChoiceField(
        label="Areas you can travel to",
        queryset=ProfileOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    payment_preference = forms.ChoiceField(
        label="How you would like to be paid",
        choices=PaymentPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like to be paid"},
    )
    declared_benefits = forms.MultipleChoiceField(
        label="Benefits you receive",
        choices=Benefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="You do not have to tell us. If you do, we only use it to warn you when a "
        "payment might affect your benefits. Only you and the involvement team can see this.",
    )

    def __init__(self, *args: Any, instance: Any, own: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.member = member = instance
        self.own = own
        if not own:
            self._speak_of_them()
        if member.user_id:
            # Someone who signs in needs an email address: not optional, and the message says so.
            email = self.fields["email"]
            email.required = True
            email.error_messages = {
                **email.error_messages,
                "required": (
                    "Enter your email address: you sign in with it"
                    if own
                    else f"Enter an email address: {member.first_name} signs in with it"
                ),
            }
        organisation = member.organisation
        self.fields["services_used"].queryset = Service.objects.filter(
            directorate__organisation=organisation
        ).select_related("directorate")
        for name, kind in (
            ("conditions", OptionKind.CONDITION),
            ("topics", OptionKind.TOPIC),
            ("skills", OptionKind.SKILL),
            ("travel_areas", OptionKind.AREA),
        ):
            chosen = getattr(member, name).values("pk") if member.pk else None
            self.fields[name].queryset = _options(organisation, kind, chosen).distinct()

    # What each way of being involved means, as the join page says it.
    wants_hints = {str(code): hint for code, hint in WANTS_HINTS.items()}

    def clean_wants_to_do(self) -> list[str]:
        chosen = set(self.cleaned_data["wants_to_do"])
        return [code for code in OpportunityRole.values if code in chosen]

    def _speak_of_them(self) -> None:
        name = self.member.first_name or "this person"
        for field_name, wording in TEAM_WORDING.items():
            field = self.fields[field_name]
            if "label" in wording:
                field.label = wording["label"]
            if "help_text" in wording:
                field.help_text = wording["help_text"].format(name=name)
            if "required" in wording:
                field.error_messages = {**field.error_messages, "required": wording["required"]}
        self.fields["payment_preference"].choices = [
            (value, PAYMENT_PREFERENCE_OF_THEM.get(value, label))
            for value, label in self.fields["payment_preference"].choices
        ]
        self.wants_hints = {str(code): hint for code, hint in WANTS_HINTS_OF_THEM.items()}

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and self.member.user_id:
            from coproduce.accounts.models import User

            clash = User.objects.filter(email__iexact=email).exclude(pk=self.member.user_id)
            if clash.exists():
                raise forms.ValidationError("Someone else already signs in with this email address")
        return email

    def clean_languages(self) -> str:
        parts = [p.strip() for p in self.cleaned_data["languages"].split(",")]
        return ", ".join(p for p in parts if p)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "in_person" in data and "remote" in data and not (data["in_person"] or data["remote"]):
            self.add_error("in_person", "Select in person, online or both")
        return data
