"""The one django-environ reader, shared by every settings module."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

# Written by `python -m hrflow.devservices up`: the URLs of the PostgreSQL and
# Redis it found locally or started embedded under .data/.
SERVICES_ENV_FILE = BASE_DIR / ".data" / "services.env"

env = environ.Env()

if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))


def read_services_env_file() -> None:
    """Fill DATABASE_URL/REDIS_URL from .data/services.env where they are unset.

    Only development and test settings call this; production takes its
    configuration from the real environment alone.
    """
    if SERVICES_ENV_FILE.exists():
        env.read_env(str(SERVICES_ENV_FILE), overwrite=False)
