from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "leverantorer"

urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("ny/", views.supplier_create, name="supplier_create"),
    path("<id:pk>/", views.supplier_detail, name="supplier_detail"),
    path("<id:pk>/andra/", views.supplier_edit, name="supplier_edit"),
    path("<id:pk>/koppla/", views.supplier_link, name="supplier_link"),
    path(
        "<id:pk>/it-tjanster/<id:service_pk>/ta-bort/", views.supplier_unlink,
        name="supplier_unlink",
    ),
]
