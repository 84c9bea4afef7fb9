from django.urls import path

from isms import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "ledningssystem"

urlpatterns = [
    path("styrdokument/", views.document_list, name="document_list"),
    path("styrdokument/ny/", views.document_create, name="document_create"),
    path("styrdokument/<id:pk>/", views.document_detail, name="document_detail"),
    path("styrdokument/<id:pk>/andra/", views.document_edit, name="document_edit"),
    path("styrdokument/<id:pk>/ny-version/", views.document_new_version,
         name="document_new_version"),
    path("styrdokument/<id:pk>/version/<id:number>/fil/", views.version_file, name="version_file"),
    path("utbildning/", views.completion_list, name="completion_list"),
    path("utbildning/ny/", views.completion_create, name="completion_create"),
    path("utbildning/<id:pk>/ta-bort/", views.completion_delete, name="completion_delete"),
    path("utbildning/import/", views.training_import, name="training_import"),
    path("utbildning/import/<id:pk>/", views.import_detail, name="import_detail"),
    path("utbildning/import/<id:pk>/bekrafta/", views.import_confirm, name="import_confirm"),
    path("utbildning/medarbetare/", views.staff_counts, name="staff_counts"),
    path("granskningar/", views.audit_list, name="audit_list"),
    path("granskningar/ny/", views.audit_create, name="audit_create"),
    path("granskningar/<id:pk>/", views.audit_detail, name="audit_detail"),
    path("granskningar/<id:pk>/andra/", views.audit_edit, name="audit_edit"),
    path("granskningar/<id:pk>/iakttagelse/", views.finding_create, name="finding_create"),
    path("iakttagelser/", views.finding_list, name="finding_list"),
    path("iakttagelser/<id:pk>/", views.finding_detail, name="finding_detail"),
    path("iakttagelser/<id:pk>/andra/", views.finding_edit, name="finding_edit"),
    path("iakttagelser/<id:pk>/atgard/", views.action_create, name="action_create"),
    path("iakttagelser/<id:pk>/atgardsplan/", views.finding_plan_item, name="finding_plan_item"),
    path("atgarder/<id:pk>/andra/", views.action_edit, name="action_edit"),
    path("behorighetsuppfoljning/", views.access_review_list, name="access_review_list"),
    path("behorighetsuppfoljning/it-tjanst/<id:pk>/ny/", views.access_review_create,
         name="access_review_create"),
    path("behorighetsuppfoljning/<id:pk>/andra/", views.access_review_edit,
         name="access_review_edit"),
    path("soa/<id:unit_pk>/", views.soa, name="soa"),
    path("soa/<id:unit_pk>/<str:control_id>/", views.soa_edit, name="soa_edit"),
]
