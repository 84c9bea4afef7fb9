from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/kontrollera/", views.report_verify, name="report_verify"),
    path("<int:pk>/ladda-ner/", views.report_download, name="report_download"),
    path("<int:pk>/bestall-igen/", views.report_reorder, name="report_reorder"),
]
