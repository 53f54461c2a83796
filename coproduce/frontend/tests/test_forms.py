import datetime

import pytest
from django import forms

from coproduce.frontend.forms import NHSDateField, error_summary_items, field_params


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter a name"})
    colour = forms.ChoiceField(
        label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    started = NHSDateField(label="Start date", required=False)


def test_each_widget_maps_to_its_nhs_component():
    form = ExampleForm()
    assert field_params(form["name"])["kind"] == "input"
    assert field_params(form["colour"])["kind"] == "radios"
    assert field_params(form["days"])["kind"] == "checkboxes"
    assert field_params(form["started"])["kind"] == "date"


def test_optional_fields_say_so_in_their_label():
    form = ExampleForm()
    assert field_params(form["days"])["params"]["fieldset"]["legend"]["text"] == "Days (optional)"
    assert field_params(form["name"])["params"]["label"]["text"] == "Name"


def test_the_error_summary_links_to_the_first_control_of_each_field():
    form = ExampleForm(data={"name": "", "started_0": "31", "started_1": "2", "started_2": "2026"})
    assert not form.is_valid()
    items = {item["href"]: item["text"] for item in error_summary_items(form)}
    assert items["#id_name"] == "Enter a name"
    assert items["#id_colour"] == "This field is required."
    assert items["#id_started_0"] == "Start date must be a real date"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2026", "Start date must include a day"),
        ("4", "", "", "Start date must include a month and year"),
        ("4", "March", "2026", "Start date must be a real date, written in numbers"),
        ("4", "3", "26", "Year must include 4 numbers"),
    ],
)
def test_the_date_field_explains_what_is_wrong(day, month, year, message):
    form = ExampleForm(
        data={"name": "x", "colour": "r", "started_0": day, "started_1": month, "started_2": year}
    )
    assert not form.is_valid()
    assert form.errors["started"] == [message]


def test_the_date_field_reads_a_real_date():
    form = ExampleForm(
        data={"name": "x", "colour": "r", "started_0": "4", "started_1": "3", "started_2": "2026"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == datetime.date(2026, 3, 4)
