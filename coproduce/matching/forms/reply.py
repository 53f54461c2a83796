from django import forms


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label="Would you like to take part?",
        choices=[("accept", "Yes, I would like to take part"), ("decline", "No, not this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )
    reason = forms.CharField(
        label="Anything you would like to tell us",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="You do not have to give a reason.",
    )
