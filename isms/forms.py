"""Form building blocks every register uses: GET filter forms and safe multiple choice."""

from __future__ import annotations

from django import forms

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
