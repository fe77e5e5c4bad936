"""WSGI entry point (gunicorn hrflow.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

# Production by default: a deployment that forgets the variable must not run
# with DEBUG on and the development secret key. manage.py and `make demo`
# choose the development settings themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.production")

application = get_wsgi_application()
