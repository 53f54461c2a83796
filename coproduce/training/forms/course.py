from django import forms

from coproduce.training.models import Audience, Course


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "audience", "description", "grants", "valid_for_months", "is_active"]
        labels = {
            "title": "Course title",
            "audience": "Who is it for?",
            "description": "What the course covers",
            "grants": "What completing it makes someone eligible for",
            "valid_for_months": "How many months it stays valid",
            "is_active": "The course is still offered",
        }
        help_texts = {
            "grants": 'For example, "team roles". Matching uses this to decide who can be '
            "offered which roles.",
            "valid_for_months": "Leave empty if it never needs a refresher.",
        }
        widgets = {"audience": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": "Enter the course title"},
            "audience": {"required": "Select who the course is for"},
            "valid_for_months": {
                "invalid": "How many months it stays valid must be a whole number, like 12",
                "min_value": "How many months it stays valid must be 1 or more",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Audience.choices

    def clean_valid_for_months(self) -> int | None:
        months = self.cleaned_data.get("valid_for_months")
        if months is not None and not 1 <= months <= 120:
            raise forms.ValidationError("How many months it stays valid must be between 1 and 120")
        return months
