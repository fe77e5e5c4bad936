"""The Celery application; its settings are the CELERY_* names in hrflow.settings."""

from celery import Celery
from celery.signals import task_prerun

# No default settings module here: importing the hrflow package imports this
# file, so a default would take the choice away from manage.py and `make demo`.
# Workers get DJANGO_SETTINGS_MODULE from their environment (compose, demo).

app = Celery("hrflow")
# CELERY_VISIBILITY_TIMEOUT lands in app.conf.visibility_timeout this way, the
# third of the three places celery#7651 says the timeout must be set.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _forget_content_types(**_: object) -> None:
    """Tests only (HRFLOW_WORKER_FORGETS_CONTENT_TYPES): a transactional test empties the
    tables and the content types come back with new ids, while the session's worker
    process, which outlives it, would keep the old ones cached and write audit rows
    pointing at ids that no longer exist. Production never renumbers content types."""
    from django.conf import settings

    if getattr(settings, "HRFLOW_WORKER_FORGETS_CONTENT_TYPES", False):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
