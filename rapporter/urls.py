from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<id:pk>/", views.report_detail, name="report_detail"),
    path("<id:pk>/status/", views.report_status, name="report_status"),
    path("<id:pk>/kontrollera/", views.report_verify, name="report_verify"),
    path("<id:pk>/ladda-ner/", views.report_download, name="report_download"),
    path("<id:pk>/bilaga/<str:name>", views.report_attachment, name="report_attachment"),
    path("<id:pk>/bestall-igen/", views.report_reorder, name="report_reorder"),
]
