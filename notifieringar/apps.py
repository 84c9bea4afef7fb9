from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifieringarConfig(AppConfig):
    name = "notifieringar"
    label = "notifieringar"
    verbose_name = _("Notiser")
    default_auto_field = "django.db.models.BigAutoField"
