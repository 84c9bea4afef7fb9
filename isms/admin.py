"""Shared safety of the admin pages (``isms`` is not an app: nothing here is registered).

- :class:`HistoryAdmin`: simple-history's history pages, read-only. Its "revert to this version"
  form saves an old version straight through ``save_model``, bypassing the services, the
  optimistic locking (``version`` goes back) and the group permissions of memberships; and it
  accepts the POST from anyone who may merely *view* the object. Nobody reverts here.
- :class:`SafeFormAdminMixin`: a ``ValidationError`` from a service called in ``save_model`` or a
  unique constraint hit by a simultaneous save comes back as a form error (not a 500); an
  autocomplete field posted with junk ("abc", a number too big for the database) is an
  "invalid choice", not a 500.
"""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .converters import is_id
from .integrity import unique_violation_as_validation_error
from .locking import add_errors


class _SafeAutocompleteMixin:
    """Django renders the chosen options by querying the posted values as they are: junk would
    reach the database. Only values that can be ids are looked up (the field itself already
    refuses the junk as an invalid choice)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if v in ("", None) or is_id(v)], attr)


class SafeAutocompleteSelect(_SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class SafeFormAdminMixin:
    _SAVE_ERROR = "_isms_admin_save_error"

    def save_model(self, request, obj, form, change):
        with unique_violation_as_validation_error(obj):
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The save (in the admin's transaction, now rolled back) was refused: show the
            # form again with the refusal on it, as if the form itself had found it.
            if request.method != "POST" or hasattr(request, self._SAVE_ERROR):
                raise
            setattr(request, self._SAVE_ERROR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        error = getattr(request, self._SAVE_ERROR, None)
        if error is None:
            return form_class

        class FormWithSaveError(form_class):
            def clean(self):
                cleaned_data = super().clean()
                add_errors(self, error)
                return cleaned_data

        return FormWithSaveError

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryAdmin(SafeFormAdminMixin, SimpleHistoryAdmin):
    """A model admin with simple-history's history pages, read-only (see the module)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
