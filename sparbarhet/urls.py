from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views, views_log, views_people

app_name = "sparbarhet"
urlpatterns = [
    path("kontroller/", views.verification_list, name="verification_list"),
    path("kontroller/<id:pk>/utred/", views.break_review, name="break_review"),
    # Personuppgifter i portalen (views_people).
    path("mina-personuppgifter/", views_people.my_personal_data, name="my_personal_data"),
    path("personer/", views_people.people, name="people"),
    path("personer/<id:pk>/", views_people.personal_data, name="personal_data"),
    path("personer/<id:pk>/pseudonymisera/", views_people.pseudonymise, name="pseudonymise"),
    path("logg/", views_log.audit_log, name="audit_log"),
]
