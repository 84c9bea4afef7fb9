from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedningssystemConfig(AppConfig):
    name = "ledningssystem"
    label = "ledningssystem"
    verbose_name = _("Ledningssystem")
