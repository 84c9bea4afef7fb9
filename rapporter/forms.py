from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from nämnder import access

from . import selectors
from .models import ReportKind


class ReportOrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapport"), choices=ReportKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Nämnd/bolag"), queryset=None, required=False,
        help_text=_("Krävs för en rapport för en nämnd eller ett bolag."),
    )
    year = forms.IntegerField(
        label=_("År"),
        help_text=_("Det år som rapporten följer upp. Avsnittet om förändringar gäller det valda "
                    "året; övriga avsnitt visar läget när rapporten skapas."),
        error_messages={"invalid": _("Ange året med fyra siffror, t.ex. 2025.")},
    )

    def __init__(self, *args, user, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        first, latest = selectors.year_range()
        self.fields["year"].validators += [
            MinValueValidator(
                first, _("Ange ett år från %(limit_value)s. Portalen har inga uppgifter från "
                         "tidigare år.")
            ),
            MaxValueValidator(
                latest, _("Ange ett år till och med %(limit_value)s. En rapport kan inte gälla "
                          "ett kommande år.")
            ),
        ]
        self.fields["year"].widget.attrs.update(min=first, max=latest)
        self.fields["unit"].queryset = selectors.orderable_units(user=user)
        if not access.sees_all_units(user):
            self.fields["kind"].choices = [
                c for c in ReportKind.choices if c[0] != ReportKind.CITY_YEARLY
            ]
        if not self.is_bound:
            self.initial.setdefault("year", max(first, latest - 1))
            self.initial.setdefault("kind", ReportKind.UNIT_YEARLY)
            if unit is None:  # a person with a single unit gets it chosen already
                only = list(self.fields["unit"].queryset.values_list("pk", flat=True)[:2])
                unit_pk = only[0] if len(only) == 1 else None
            else:
                unit_pk = unit.pk
            if unit_pk is not None:
                self.initial["unit"] = unit_pk

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.UNIT_YEARLY and not data.get("unit"):
            self.add_error("unit", _("Välj vilken nämnd eller vilket bolag rapporten gäller."))
        return data


class UploadSizeLimit(FileUploadHandler):
    """First upload handler of the verify form: a file larger than ``max_size`` is skipped as
    soon as it passes the limit (the rest of it is read and thrown away, never stored), and
    ``exceeded`` tells the form so."""

    def __init__(self, request=None, *, max_size: int):
        super().__init__(request)
        self.max_size = max_size
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_size:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


def _too_large_message() -> str:
    return _("Filen är för stor (högst %(mb)s MB). En rapport ur arkivet är mindre än så; "
             "kontrollera att du har valt rätt fil.") % {
        "mb": settings.REPORT_VERIFY_MAX_SIZE // (1024 * 1024) or 1
    }


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-fil att kontrollera"),
        help_text=_("Välj rapportens PDF-fil (.pdf) som du har laddat ner. Filen sparas inte; bara "
                    "dess SHA-256 räknas ut."),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={
            "required": _("Välj en fil att kontrollera."),
            "empty": _("Filen är tom."),
        },
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The upload was skipped for its size (``UploadSizeLimit``): say so, not "choose a file".
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if self.too_large or (uploaded and uploaded.size > settings.REPORT_VERIFY_MAX_SIZE):
            raise forms.ValidationError(_too_large_message(), code="too_large")
        return uploaded
