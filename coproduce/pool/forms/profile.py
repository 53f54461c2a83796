from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField, StoredForm
from coproduce.organisations.models import Service
from coproduce.pool.models import (
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


class ProfileForm(StoredForm):
    """A member's details, as the member or the involvement team edits them: the form opens with
    what is stored (see StoredForm)."""

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
        help_text="Separate them with commas, for example: English, Punjabi",
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

    def __init__(self, *args: Any, instance: Any, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.member = member = instance
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
        if (
            self.member.user_id
            and "email" in data
            and not data["email"]
            and not self.has_error("email")
        ):
            self.add_error("email", "Enter an email address: it is how you sign in")
        return data
