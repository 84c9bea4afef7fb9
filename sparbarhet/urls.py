from django.urls import path

from . import views

app_name = "sparbarhet"
urlpatterns = [
    path("kontroller/", views.verification_list, name="verification_list"),
]
