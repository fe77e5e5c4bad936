"""The Celery application; its settings are the CELERY_* names in hrflow.settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

app = Celery("hrflow")
# CELERY_VISIBILITY_TIMEOUT lands in app.conf.visibility_timeout this way, the
# third of the three places celery#7651 says the timeout must be set.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
