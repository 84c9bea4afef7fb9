from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamnderConfig(AppConfig):
    # The folder keeps its Swedish name; the label keeps tables, indexes and permission
    # codenames ASCII (PostgreSQL cuts identifiers at 63 bytes, not characters).
    name = "nämnder"
    label = "namnder"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"
