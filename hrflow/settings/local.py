"""Development settings: `make demo` and a developer's shell."""

from hrflow.env import env, read_services_env_file

read_services_env_file()

from hrflow.settings.base import *  # noqa: E402, F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
