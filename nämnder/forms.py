from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import OrganisationUnit, Role, UnitKind
from .services import ROLE_HOLDER_FIELDS


class VersionedForm(forms.Form):
    """A form that carries the version it was opened at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class RoleHoldersForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = OrganisationUnit
        fields = ROLE_HOLDER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class MembershipAddForm(forms.Form):
    username = forms.CharField(
        label=_("Användarnamn"), max_length=150,
        help_text=_("Personens användarnamn i portalen (samma som vid inloggning)."),
    )
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args, unit: OrganisationUnit, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [c for c in Role.choices if c[0] != Role.SECURITY_FUNCTION]
        if unit.kind == UnitKind.CITY:
            roles = Role.choices
        self.fields["role"].choices = roles

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("Det finns ingen aktiv användare med det namnet."))
