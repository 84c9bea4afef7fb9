from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "risk"

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("riskkarta/", views.risk_heatmap, name="risk_heatmap"),
    path("nivafarger.css", views.level_css, name="level_css"),
    path("ny/", views.risk_create, name="risk_create"),
    path("<id:pk>/", views.risk_detail, name="risk_detail"),
    path("<id:pk>/andra/", views.risk_edit, name="risk_edit"),
    path("<id:pk>/acceptera/", views.risk_accept, name="risk_accept"),
    path("<id:pk>/stang/", views.risk_close, name="risk_close"),
    path("<id:risk_pk>/atgarder/ny/", views.action_create, name="action_create"),
    path("atgarder/<id:pk>/", views.action_edit, name="action_edit"),
    path("analyser/", views.analysis_list, name="analysis_list"),
    path("analyser/ny/", views.analysis_create, name="analysis_create"),
    path("analyser/<id:pk>/", views.analysis_detail, name="analysis_detail"),
    path("analyser/<id:pk>/andra/", views.analysis_edit, name="analysis_edit"),
]
