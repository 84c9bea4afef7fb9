from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "klassning"

urlpatterns = [
    path("informationsmangder/", views.asset_list, name="asset_list"),
    path("informationsmangder/ny/", views.asset_create, name="asset_create"),
    path("informationsmangder/<id:pk>/", views.asset_detail, name="asset_detail"),
    path("informationsmangder/<id:pk>/andra/", views.asset_edit, name="asset_edit"),
    path("informationsmangder/<id:pk>/jamfor/", views.asset_compare, name="asset_compare"),
    path("informationsmangder/<id:pk>/historik/", views.asset_history, name="asset_history"),
    path(
        "informationsmangder/<id:pk>/klassa/", views.classification_start,
        name="classification_start",
    ),
    path("klassningar/<id:pk>/", views.classification_detail, name="classification_detail"),
    path("klassningar/<id:pk>/andra/", views.classification_edit, name="classification_edit"),
    path(
        "klassningar/<id:pk>/forhandsgranska/", views.classification_preview,
        name="classification_preview",
    ),
    path(
        "klassningar/<id:pk>/skicka-in/", views.classification_submit,
        name="classification_submit",
    ),
    path(
        "klassningar/<id:pk>/faststall/", views.classification_approve,
        name="classification_approve",
    ),
    path(
        "klassningar/<id:pk>/skicka-tillbaka/", views.classification_return,
        name="classification_return",
    ),
    path("it-tjanster/", views.service_list, name="service_list"),
    path("it-tjanster/ny/", views.service_create, name="service_create"),
    path("it-tjanster/mina/", views.my_services, name="my_services"),
    path(
        "it-tjanster/prioriterade/", views.prioritised_services, name="prioritised_services"
    ),
    path(
        "it-tjanster/<id:pk>/kvittera/", views.service_acknowledge, name="service_acknowledge"
    ),
    path("it-tjanster/<id:pk>/", views.service_detail, name="service_detail"),
    path("it-tjanster/<id:pk>/andra/", views.service_edit, name="service_edit"),
    path("it-tjanster/<id:pk>/historik/", views.service_history, name="service_history"),
    path("it-tjanster/krav/<id:pk>/", views.service_item_edit, name="service_item_edit"),
    path("enheter/<id:unit_pk>/atgardsplan/", views.unit_plan, name="unit_plan"),
    path("atgardsplan/krav/<id:pk>/", views.unit_item_edit, name="unit_item_edit"),
    path(
        "underlag/<str:kind>/<id:pk>/", views.evidence_download, name="evidence_download"
    ),
]
