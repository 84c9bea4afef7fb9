"""A second URL configuration for ``test_fast_url_f``."""

from django.http import HttpResponse
from django.urls import path

import isms.converters  # noqa: F401 - registers <id:…>

urlpatterns = [path("annan/<id:pk>/", lambda request, pk: HttpResponse(), name="unit_detail")]
