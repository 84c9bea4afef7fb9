from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin

from .models import OrganisationUnit, Role, UnitKind, role_label
from .roles import CITY_ONLY_ROLES
from .services import ROLE_HOLDER_FIELDS, grants_city_wide_access, may_grant_city_wide_roles


class RoleHoldersForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = OrganisationUnit
        fields = ROLE_HOLDER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        if self.instance.pk and "chief_name" in self.fields:
            self.fields["chief_name"].label = self.instance.chief_title


class MembershipAddForm(ControlCharacterFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Användarnamn"), max_length=150,
        help_text=_("Personens användarnamn i portalen (samma som vid inloggning)."),
    )
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args, unit: OrganisationUnit, actor, **kwargs):
        super().__init__(*args, **kwargs)
        city_grants = unit.kind == UnitKind.CITY and may_grant_city_wide_roles(actor)
        self.fields["role"].choices = [
            (value, role_label(value, unit.kind)) for value, _label in Role.choices
            if city_grants or not grants_city_wide_access(unit, value)
            if unit.kind == UnitKind.CITY or value not in CITY_ONLY_ROLES
        ]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("Det finns ingen aktiv användare med det namnet."))


class PortalUserChangeForm(ControlCharacterFormMixin, UserChangeForm):
    """The admin's user form: names and e-mail reach pages and exports, so no control
    characters."""


class PortalUserCreationForm(ControlCharacterFormMixin, AdminUserCreationForm):
    pass
