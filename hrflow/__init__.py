"""hrflow: the project package (wiring) and the core apps every other app builds on."""

# Importing the Celery app here makes `@shared_task` bind to it in every process
# that loads Django (web, worker, beat, shell), as Celery's Django guide asks.
from hrflow.celery import app as celery_app

__all__ = ["celery_app"]
