from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifieringarConfig(AppConfig):
    name = "notifieringar"
    label = "notifieringar"
    verbose_name = _("Notiser")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """"Mina notiser" in the menu, with the person's unread count, loaded with the signed-in
        person (``isms.plugins``)."""
        from isms import plugins

        from . import selectors, services

        plugins.register_urls(order=6, prefix="notiser/", module="notifieringar.urls")
        plugins.register_user_column(
            order=10, key=selectors.UNREAD_COLUMN, expression=selectors.unread_count_column
        )
        plugins.register_nav(
            order=90, label=_("Mina notiser"), url_name="notifieringar:notification_list",
            badge=lambda request: selectors.unread_count(user=request.user),
            badge_label=_("olästa"),
        )
        plugins.register_background_queue(
            order=20, key="notifieringar-epost", label=_("E-post om notiser"),
            status=selectors.email_queue_status, sweep=services.notifications_requeue_email,
        )
