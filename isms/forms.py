"""Form building blocks every register uses: GET filter forms and safe multiple choice."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator

from .converters import is_id


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses values that are not ids (digits up to 2**63-1) with the usual "invalid choice" error
    before querying: a huge number would otherwise overflow in the database (a 500)."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": str(pk).strip()[:30]},
                )
        return super()._check_values(value)


class FilterForm(forms.Form):
    """A GET filter: an invalid value gets its field error and is ignored, the valid ones
    still filter."""

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the valid fields, errors for the others
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class SafeModelChoiceField(forms.ModelChoiceField):
    """One choice, with the same refusal of values that are not ids as
    ``SafeModelMultipleChoiceField``."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": str(value).strip()[:30]},
            )
        return super().to_python(value)


class _LabelChoiceIterator(ModelChoiceIterator):
    """The options as ``(pk, label)`` read with ``values_list`` in one plain query: no model
    instance per option, no server-side cursor (``ModelChoiceIterator`` reads through
    ``.iterator()``: three round trips on PostgreSQL)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class LabelModelChoiceField(SafeModelChoiceField):
    """A ``SafeModelChoiceField`` whose options show one column (``label_field``, default the
    name) as it is stored: for long lists of reference data (a filter's units) on every page.
    The chosen value is still looked up in the queryset (a whole object in ``cleaned_data``)."""

    iterator = _LabelChoiceIterator

    def __init__(self, *args, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
