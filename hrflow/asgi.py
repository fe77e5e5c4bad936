"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

# Production by default: a deployment that forgets the variable must not run
# with DEBUG on and the development secret key. manage.py and `make demo`
# choose the development settings themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.production")

application = get_asgi_application()
