from django.urls import path

from . import views

app_name = "oversikt"

urlpatterns = [
    path("stad/", views.city_dashboard, name="city"),
    path("enheter/<id:pk>/", views.unit_dashboard, name="unit"),
]
