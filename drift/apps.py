from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DriftConfig(AppConfig):
    """Operations: the workers' heartbeat, the outbox sweep and the queue-health page."""

    name = "drift"
    label = "drift"
    verbose_name = _("Drift")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from isms import plugins
        from nämnder import access

        from . import selectors, signals  # noqa: F401  (signals: heartbeat when a worker starts)

        plugins.register_urls(order=7, prefix="drift/", module="drift.urls")
        plugins.register_start_panel(
            order=95, key="drift", template="drift/start_panel.html",
            context=lambda request: {"show": access.is_city_security_function(request.user)},
        )
        plugins.register_readiness_check(order=10, key="worker", check=selectors.worker_check)
