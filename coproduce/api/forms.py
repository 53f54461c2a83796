from django import forms


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example, 'Monthly report spreadsheet'.",
        error_messages={"required": "Enter what the token is for"},
    )
