from django import forms

from coproduce.organisations.models import Directorate, Service


class DirectorateForm(forms.ModelForm):
    class Meta:
        model = Directorate
        fields = ["name", "cost_centre", "is_active"]
        labels = {"name": "Name", "cost_centre": "Cost centre", "is_active": "In use"}
        error_messages = {"name": {"required": "Enter the directorate's name"}}

    def __init__(self, *args, organisation=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Directorate.objects.filter(organisation=self.organisation, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a directorate with this name")
        return name


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["directorate", "name", "cost_centre", "is_active"]
        labels = {
            "directorate": "Directorate",
            "name": "Name",
            "cost_centre": "Cost centre",
            "is_active": "In use",
        }
        error_messages = {
            "name": {"required": "Enter the service's name"},
            "directorate": {"required": "Select a directorate"},
        }

    def __init__(self, *args, organisation=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = Directorate.objects.filter(organisation=organisation)
        self.fields["directorate"].empty_label = "Select a directorate"

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        directorate, name = cleaned.get("directorate"), (cleaned.get("name") or "").strip()
        if directorate and name:
            clash = Service.objects.filter(directorate=directorate, name__iexact=name)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "name", "There is already a service with this name in that directorate"
                )
        return cleaned
