"""Form pieces shared by every app: the base of every form that edits a stored record, the NHS
date input, and turning Django fields into the parameters the NHS.UK frontend macros expect (see
jinja2/macros/forms.jinja)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from markupsafe import Markup


class StoredForm(forms.Form):
    """A form that edits a stored record: it always opens with what is stored.

    Give it the record as `instance`. Its fields are filled from the record's fields of the same
    name, then from `initial_for` for the fields it shows in its own way; `initial` passed by the
    caller wins over both. This holds however the data is passed (a page passes `None` when it is
    only showing the form), so saving a form nobody re-typed never blanks what was stored.
    (Django's ModelForm does the same for forms that save straight to one model.)
    """

    def __init__(self, *args: Any, instance: models.Model | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {**self.stored_initial(instance), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    @classmethod
    def stored_initial(cls, instance: models.Model) -> dict[str, Any]:
        names = list(cls.base_fields)
        initial = model_to_dict(instance, fields=names) if instance.pk else {}
        initial.update(cls.initial_for(instance))
        return {name: value for name, value in initial.items() if name in cls.base_fields}

    @classmethod
    def initial_for(cls, instance: Any) -> dict[str, Any]:
        """The stored values of fields that are not the record's fields of the same name, or are
        shown differently (a list of names as text, say). Override where needed."""
        return {}


class NHSDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS design system asks for dates people know."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [forms.TextInput(), forms.TextInput(), forms.TextInput()]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NHSDateField(forms.MultiValueField):
    widget = NHSDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        self.label_text = kwargs.get("label") or ""
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        name = (self.label_text or "The date").rstrip("?")
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            part for part, text in (("day", day), ("month", month), ("year", year)) if not text
        ]
        if missing:
            raise ValidationError(f"{name} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{name} must be a real date, written in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name} must be a real date") from None


def _text(value: Any) -> Any:
    """Text for a macro: a lazy string becomes a string, and markup stays markup.

    str() would turn markup (mark_safe, Markup) back into plain text, which the page then
    escapes and shows as "<a href=...>".
    """
    if hasattr(value, "__html__"):
        return Markup(value)  # noqa: S704 - already marked safe by whoever made it
    return str(value)


def _choices(bf: forms.BoundField) -> list[tuple[str, Any]]:
    return [(str(value), _text(label)) for value, label in bf.field.choices if str(value) != ""]


def _selected(bf: forms.BoundField) -> set[str]:
    value = bf.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def field_params(bf: forms.BoundField, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Describe one bound field as {"kind": macro name, "params": NHS macro parameters}."""
    extra = dict(extra or {})
    widget = bf.field.widget
    error = {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None
    label_text = _text(bf.label or "")
    if (
        not bf.field.required
        and not isinstance(widget, forms.CheckboxInput)
        and extra.pop("optional", True)
    ):
        label_text = label_text + " (optional)"
    label = {"text": label_text}
    if "label_classes" in extra:
        label["classes"] = extra.pop("label_classes")
    if extra.pop("page_heading", False):
        label["isPageHeading"] = True
    hint_text = extra.pop("hint", None) or (_text(bf.help_text) if bf.help_text else None)
    hint = {"text": hint_text} if hint_text else None
    widget_attrs = dict(widget.attrs)
    common: dict[str, Any] = {"id": bf.id_for_label or bf.auto_id, "name": bf.html_name}
    if error:
        common["errorMessage"] = error
    if hint:
        common["hint"] = hint

    if isinstance(widget, NHSDateWidget):
        values = widget.decompress(bf.value()) if not isinstance(bf.value(), list) else bf.value()
        values = list(values) + [None] * (3 - len(values))
        items = []
        for index, (suffix, title, width) in enumerate(
            (("0", "Day", 2), ("1", "Month", 2), ("2", "Year", 4))
        ):
            value = values[index]
            items.append(
                {
                    "name": f"{bf.html_name}_{suffix}",
                    "id": f"{bf.auto_id}_{suffix}",
                    "label": title,
                    "value": "" if value is None else str(value),
                    "width": width,
                    "classes": "nhsuk-input--error" if error else "",
                    "inputmode": "numeric",
                }
            )
        params = {
            "id": bf.auto_id,
            "fieldset": {
                "legend": {
                    "text": label_text,
                    **({"classes": label.get("classes")} if label.get("classes") else {}),
                }
            },
            "items": items,
        }
        if error:
            params["errorMessage"] = error
        if hint:
            params["hint"] = hint
        params.update(extra)
        return {"kind": "date", "params": params}

    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        selected = _selected(bf)
        # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so ask for it first.
        kind = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        item_hints = extra.pop("item_hints", {})
        items = []
        for value, text in _choices(bf):
            item = {"value": value, "text": text, "checked": value in selected}
            if value in item_hints:
                item["hint"] = {"text": item_hints[value]}
            items.append(item)
        params = {
            "idPrefix": bf.auto_id,
            "name": bf.html_name,
            "fieldset": {
                "legend": {
                    "text": label_text,
                    **(
                        {"classes": label.get("classes")}
                        if label.get("classes")
                        else {"classes": "nhsuk-fieldset__legend--s"}
                    ),
                }
            },
            "items": items,
        }
        if error:
            params["errorMessage"] = error
        if hint:
            params["hint"] = hint
        params.update(extra)
        return {"kind": kind, "params": params}

    if isinstance(widget, forms.CheckboxInput):
        params = {
            "idPrefix": bf.auto_id,
            "name": bf.html_name,
            "items": [
                {
                    "value": "on",
                    "text": label_text,
                    "checked": bool(bf.value()),
                    "id": bf.auto_id,
                    **({"hint": hint} if hint else {}),
                }
            ],
        }
        if error:
            params["errorMessage"] = error
        params.update(extra)
        return {"kind": "checkboxes", "params": params}

    if isinstance(widget, forms.Select):
        selected = _selected(bf)
        items = [
            {"value": str(value), "text": _text(text), "selected": str(value) in selected}
            for value, text in bf.field.choices
        ]
        params = {**common, "label": label, "items": items}
        params.update(extra)
        return {"kind": "select", "params": params}

    if isinstance(widget, forms.Textarea):
        value = bf.value()
        params = {**common, "label": label, "value": "" if value is None else str(value)}
        params["rows"] = widget_attrs.get("rows", 5)
        params.update(extra)
        return {"kind": "textarea", "params": params}

    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params = {**common, "label": label}
        if "accept" in widget_attrs:
            params["attributes"] = {"accept": widget_attrs["accept"]}
        params.update(extra)
        return {"kind": "file", "params": params}

    input_type = getattr(widget, "input_type", "text") or "text"
    value = bf.value()
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        value = None
    params = {
        **common,
        "label": label,
        "type": input_type if input_type not in {"number"} else "text",
        "value": "" if value is None else str(value),
    }
    if input_type == "number":
        params["inputmode"] = "decimal"
    if "autocomplete" in widget_attrs:
        params["autocomplete"] = widget_attrs["autocomplete"]
    if "spellcheck" in widget_attrs:
        params["spellcheck"] = widget_attrs["spellcheck"]
    if "class" in widget_attrs:
        params["classes"] = widget_attrs["class"]
    params.update(extra)
    return {"kind": "password" if input_type == "password" else "input", "params": params}


def error_summary_items(form: forms.BaseForm) -> list[dict[str, str]]:
    """Links from the NHS error summary to each field in error, in the order of the form."""
    items: list[dict[str, str]] = []
    for error in form.non_field_errors():
        items.append({"text": str(error), "href": "#main-form"})
    for bf in form:
        if not bf.errors:
            continue
        widget = bf.field.widget
        if isinstance(widget, NHSDateWidget):
            anchor = f"#{bf.auto_id}_0"
        elif isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
        ):
            # The NHS macros give the first option the bare id, so the summary can link to it.
            anchor = f"#{bf.auto_id}"
        else:
            anchor = f"#{bf.id_for_label or bf.auto_id}"
        for error in bf.errors:
            items.append({"text": str(error), "href": anchor})
    return items
