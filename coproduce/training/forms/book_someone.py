from typing import Any

from django import forms

from coproduce.accounts.models import Role, User


class BookSomeoneForm(forms.Form):
    """The involvement team books a place for someone, e.g. a patient who phoned."""

    person = forms.ModelChoiceField(
        label="Who would you like to book?",
        queryset=User.objects.none(),
        empty_label="Select a person",
        error_messages={
            "required": "Select the person to book",
            "invalid_choice": "Select the person to book",
        },
    )

    def __init__(self, *args: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        already = session.enrolments.filter(status__in=["booked", "waiting"]).values("user_id")
        roles = [Role.POOL_MEMBER] if session.course.audience == "patients_carers" else list(Role)
        if session.course.audience == "staff":
            roles = [Role.INVOLVEMENT_TEAM, Role.PROJECT_LEAD, Role.QI_STAFF, Role.ADMINISTRATOR]
        self.fields["person"].queryset = (
            User.objects.filter(
                organisation=session.course.organisation_id,
                is_active=True,
                role_grants__role__in=roles,
            )
            .exclude(pk__in=already)
            .distinct()
            .order_by("full_name")
        )
