from django import forms

from coproduce.resources.forms.upload import UploadMixin, file_field
from coproduce.resources.models import Resource, ResourceAudience, ResourceKind


class ResourceDetailsForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["title", "kind", "audience", "summary", "is_public"]
        labels = {
            "title": "Title",
            "kind": "What kind of resource is it?",
            "audience": "Who is it for?",
            "summary": "Summary",
            "is_public": "Anyone can see it, without signing in",
        }
        help_texts = {"summary": "What it is and when it helps, in a sentence or two."}
        widgets = {
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "kind": {"required": "Select what kind of resource it is"},
            "audience": {"required": "Select who it is for"},
            "summary": {"required": "Enter a summary"},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ResourceKind.choices
        self.fields["audience"].choices = ResourceAudience.choices


class NewResourceForm(UploadMixin, ResourceDetailsForm):
    file = file_field()

    class Meta(ResourceDetailsForm.Meta):
        pass


class NewVersionForm(UploadMixin, forms.Form):
    file = file_field("The new version")
    notes = forms.CharField(
        label="What has changed?",
        required=False,
        max_length=300,
        help_text="For example, updated payment rates for 2027.",
    )
