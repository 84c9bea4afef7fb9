from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("LIS Stockholms stad – administration")
admin.site.site_title = _("LIS administration")
admin.site.index_title = _("Stadsövergripande kataloger och organisation")

urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("rapporter/", include("rapporter.urls")),
    path("notiser/", include("notifieringar.urls")),
    path("", include("nämnder.urls")),
    path("", include("klassning.urls")),
]
