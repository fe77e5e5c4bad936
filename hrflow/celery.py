"""The Celery application; its settings are the CELERY_* names in hrflow.settings."""

from celery import Celery

# No default settings module here: importing the hrflow package imports this
# file, so a default would take the choice away from manage.py and `make demo`.
# Workers get DJANGO_SETTINGS_MODULE from their environment (compose, demo).

app = Celery("hrflow")
# CELERY_VISIBILITY_TIMEOUT lands in app.conf.visibility_timeout this way, the
# third of the three places celery#7651 says the timeout must be set.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
