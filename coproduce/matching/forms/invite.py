from typing import Any

from django import forms

from coproduce.pool.models import MemberStatus, PoolMember


class InviteForm(forms.Form):
    """Invite some of the suggested people."""

    members = forms.MultipleChoiceField(
        label="Who to invite",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person to invite"},
    )
    message = forms.CharField(
        label="A note for them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It goes in the invitation email.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = choices


class InviteSomeoneElseForm(forms.Form):
    """Invite a person the suggestions did not include; the reason is recorded."""

    member = forms.ChoiceField(
        label="Person", error_messages={"required": "Select a person to invite"}
    )
    reason = forms.CharField(
        label="Why you are inviting them",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is recorded, because they were not among the suggestions.",
        error_messages={"required": "Enter why you are inviting them"},
    )
    message = InviteForm.base_fields["message"]

    def __init__(self, *args: Any, organisation: Any, exclude: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            PoolMember.objects.filter(organisation=organisation, is_anonymised=False)
            .exclude(status=MemberStatus.LEFT)
            .exclude(pk__in=exclude)
            .order_by("first_name", "last_name")
        )
        self.fields["member"].choices = [("", "Select a person")] + [
            (str(m.pk), f"{m.full_name} ({m.get_status_display().lower()})") for m in people
        ]
