from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "incidenter"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("rapportera/", views.quick_report, name="quick_report"),
    path("frister/", views.deadlines, name="deadlines"),
    path("<id:pk>/", views.incident_detail, name="incident_detail"),
    path("<id:pk>/andra/", views.incident_edit, name="incident_edit"),
    path("<id:pk>/stang/", views.incident_close, name="incident_close"),
    path("<id:pk>/oppna-igen/", views.incident_reopen, name="incident_reopen"),
    path("<id:pk>/tidslinje/", views.timeline_add, name="timeline_add"),
    path("<id:pk>/behorighet/", views.incident_grant, name="incident_grant"),
    path("<id:pk>/behorighet/<id:user_pk>/ta-bort/", views.incident_revoke,
         name="incident_revoke"),
    path("<id:pk>/atgarder/ny/", views.action_create, name="action_create"),
    path("atgarder/<id:pk>/", views.action_edit, name="action_edit"),
    path("skyldigheter/<id:pk>/", views.obligation_edit, name="obligation_edit"),
    path("skyldigheter/<id:pk>/underlag/", views.obligation_summary, name="obligation_summary"),
]
