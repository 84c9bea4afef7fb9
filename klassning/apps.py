from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlassningConfig(AppConfig):
    name = "klassning"
    verbose_name = _("Informationsklassning")
