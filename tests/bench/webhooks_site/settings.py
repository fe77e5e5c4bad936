"""Settings of the webhook benchmark's gunicorn: the project's own (DEBUG off, every
middleware), plus the bare comparison view's URL (webhooks_site.urls)."""

from hrflow.settings.local import *  # noqa: F403

ROOT_URLCONF = "webhooks_site.urls"
