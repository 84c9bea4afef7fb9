from django import forms
from django.utils.translation import gettext_lazy as _

from isms.validators import ControlCharacterFormMixin

from .services import RECOVERY_RE, TOTP_RE, normalise_code


def _code_widget():
    return forms.TextInput(attrs={
        "autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false",
        "class": "code-input",
    })


class VerifyForm(ControlCharacterFormMixin, forms.Form):
    """The second step at login: a code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Kod"), max_length=32, widget=_code_widget(),
        help_text=_("Sex siffror från din autentiseringsapp, eller en av dina reservkoder "
                    "(åtta tecken)."),
        error_messages={"required": _("Skriv koden från din app eller en reservkod.")},
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not (TOTP_RE.match(code) or RECOVERY_RE.match(code)):
            raise forms.ValidationError(_(
                "Koden ska vara sex siffror från appen, eller en reservkod med åtta tecken."
            ))
        return code


class EnrolForm(ControlCharacterFormMixin, forms.Form):
    """Confirming a new app: the code it shows now."""

    code = forms.CharField(
        label=_("Engångskod från appen"), max_length=32, widget=_code_widget(),
        help_text=_("De sex siffror som appen visar för LIS Stockholms stad."),
        error_messages={"required": _("Skriv den sexsiffriga koden som appen visar.")},
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not TOTP_RE.match(code):
            raise forms.ValidationError(_("Koden ska vara sex siffror."))
        return code
