"""Celery application. Without a broker configured (embedded default) tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isms.settings")

app = Celery("isms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
