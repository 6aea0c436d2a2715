"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genk_village.settings")

app = Celery("genk_village")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
