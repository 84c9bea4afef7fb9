from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "tvasteg"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("aktivera/", views.enrol, name="enrol"),
    path("verifiera/", views.verify, name="verify"),
    path("bekrafta/", views.confirm, name="confirm"),
    path("reservkoder/", views.recovery_codes, name="recovery_codes"),
    path("reservkoder/nya/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("stang-av/", views.remove, name="remove"),
    path("personer/<id:pk>/", views.person, name="person"),
    path("personer/<id:pk>/aterstall/", views.person_reset, name="person_reset"),
]
