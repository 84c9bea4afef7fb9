"""The rules for units falling behind: reference data the city-wide security function edits."""

from django import forms
from django.contrib import admin

from isms.admin import HistoryAdmin

from .models import BehindRule


class BehindRuleForm(forms.ModelForm):
    class Meta:
        model = BehindRule
        fields = ("figure", "comparison", "threshold", "label", "order", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import figure_choices

        self.fields["figure"] = forms.ChoiceField(
            label=BehindRule._meta.get_field("figure").verbose_name, choices=figure_choices(),
        )


@admin.register(BehindRule)
class BehindRuleAdmin(HistoryAdmin):
    form = BehindRuleForm
    list_display = ("label", "figure", "comparison", "threshold", "order", "is_active")
    list_filter = ("is_active",)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
