from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("enheter/<id:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("enheter/<id:pk>/historik/", views.unit_history, name="unit_history"),
    path("enheter/<id:pk>/medlemmar/ny/", views.membership_add, name="membership_add"),
    path(
        "enheter/<id:pk>/medlemmar/<id:membership_pk>/ta-bort/",
        views.membership_remove, name="membership_remove",
    ),
]
