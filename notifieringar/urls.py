from django.urls import path

from . import views

app_name = "notifieringar"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<id:pk>/last/", views.notification_mark_read, name="notification_mark_read"),
    path("alla-lasta/", views.notifications_mark_all_read, name="notifications_mark_all_read"),
]
