from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("enheter/<int:pk>/historik/", views.unit_history, name="unit_history"),
    path("enheter/<int:pk>/medlemmar/ny/", views.membership_add, name="membership_add"),
    path(
        "enheter/<int:pk>/medlemmar/<int:membership_pk>/ta-bort/",
        views.membership_remove, name="membership_remove",
    ),
]
