from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, plugins

admin.site.site_header = _("LIS Stockholms stad – administration")
admin.site.site_title = _("LIS administration")
admin.site.index_title = _("Stadsövergripande kataloger och organisation")

urlpatterns = [
    # For the load balancer and monitoring: no login, JSON (isms/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Each app's pages, registered in its AppConfig.ready() (isms.plugins.register_urls).
    *(path(entry.prefix, include(entry.module)) for entry in plugins.url_includes()),
]
