from django.urls import path

from . import views, views_log

app_name = "sparbarhet"
urlpatterns = [
    path("kontroller/", views.verification_list, name="verification_list"),
    path("logg/", views_log.audit_log, name="audit_log"),
]
