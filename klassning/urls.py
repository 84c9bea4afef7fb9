from django.urls import path

from . import views

app_name = "klassning"

urlpatterns = [
    path("informationsmangder/", views.asset_list, name="asset_list"),
    path("informationsmangder/ny/", views.asset_create, name="asset_create"),
    path("informationsmangder/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("informationsmangder/<int:pk>/andra/", views.asset_edit, name="asset_edit"),
    path("informationsmangder/<int:pk>/jamfor/", views.asset_compare, name="asset_compare"),
    path(
        "informationsmangder/<int:pk>/klassa/", views.classification_start,
        name="classification_start",
    ),
    path("klassningar/<int:pk>/", views.classification_detail, name="classification_detail"),
    path("klassningar/<int:pk>/andra/", views.classification_edit, name="classification_edit"),
    path(
        "klassningar/<int:pk>/forhandsgranska/", views.classification_preview,
        name="classification_preview",
    ),
    path(
        "klassningar/<int:pk>/skicka-in/", views.classification_submit,
        name="classification_submit",
    ),
    path(
        "klassningar/<int:pk>/faststall/", views.classification_approve,
        name="classification_approve",
    ),
    path(
        "klassningar/<int:pk>/skicka-tillbaka/", views.classification_return,
        name="classification_return",
    ),
    path("it-tjanster/", views.service_list, name="service_list"),
    path("it-tjanster/ny/", views.service_create, name="service_create"),
    path("it-tjanster/mina/", views.my_services, name="my_services"),
    path(
        "it-tjanster/prioriterade/", views.prioritised_services, name="prioritised_services"
    ),
    path(
        "it-tjanster/<int:pk>/kvittera/", views.service_acknowledge, name="service_acknowledge"
    ),
    path("it-tjanster/<int:pk>/", views.service_detail, name="service_detail"),
    path("it-tjanster/<int:pk>/andra/", views.service_edit, name="service_edit"),
    path("it-tjanster/krav/<int:pk>/", views.service_item_edit, name="service_item_edit"),
    path("enheter/<int:unit_pk>/atgardsplan/", views.unit_plan, name="unit_plan"),
    path("atgardsplan/krav/<int:pk>/", views.unit_item_edit, name="unit_item_edit"),
    path(
        "underlag/<str:kind>/<int:pk>/", views.evidence_download, name="evidence_download"
    ),
]
