"""Test settings: real PostgreSQL and Redis, fast hashing, captured e-mail."""

import zlib
from urllib.parse import urlsplit, urlunsplit

from hrflow.env import env, read_services_env_file

read_services_env_file()

from hrflow.settings.base import *  # noqa: E402, F403
from hrflow.settings.base import CACHES, DATABASES, REDIS_URL  # noqa: E402

DEBUG = False
# Two checkouts (or two engineers) testing on one server each get their own test
# database: TEST_DATABASE_NAME=test_hrflow_mine.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_hrflow")}


def _redis_database(url: str, number: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


# Tests use their own Redis database so a running demo is never disturbed: 9, or for
# another test database one of 13-15, so that two suites on one machine never empty
# each other's cache or Celery queues (11 and 12 are the benchmarks').
_TEST_DATABASE = DATABASES["default"]["TEST"]["NAME"]
_REDIS_NUMBER = (
    9 if _TEST_DATABASE == "test_hrflow" else 13 + zlib.crc32(_TEST_DATABASE.encode()) % 3
)
TEST_REDIS_URL = env("TEST_REDIS_URL", default=_redis_database(REDIS_URL, _REDIS_NUMBER))
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CACHES["default"]["KEY_PREFIX"] = "hrflow-test"
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL

# Argon2 is deliberately slow; tests that are not about hashing need speed.
# tests/hrflow/accounts checks that the real settings start with Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# SMS is on in tests, sent to the Aliyun simulator the session starts (its address
# reaches the Celery worker as TEST_SMS_ENDPOINT; nothing listens on port 9).
HRFLOW_SMS_ENDPOINT = env("TEST_SMS_ENDPOINT", default="http://127.0.0.1:9/")
HRFLOW_SMS_ACCESS_KEY_ID = "hrflow-sim-key"
HRFLOW_SMS_ACCESS_KEY_SECRET = "hrflow-sim-secret"  # noqa: S105 - the simulator's, not a real one
HRFLOW_SMS_SIGN_NAME = "hrflow"
# Tests about a worker killed mid-send start theirs with a lease of seconds.
# Test clients and the browser tests fill the apply form in no time; the tests of the
# minimum itself set it (tests/careers/test_pages.py).
HRFLOW_CAREERS_MIN_FILL_SECONDS = 0.0
HRFLOW_NOTIFICATION_LEASE_SECONDS = env.int("HRFLOW_NOTIFICATION_LEASE_SECONDS", default=300)
# In-process tests capture mail in memory; the Celery worker of the task tests is
# pointed at a real SMTP server on 127.0.0.1 (tests/fixtures/smtp_capture.py).
if env("TEST_EMAIL_URL", default=""):
    vars().update(env.email_url("TEST_EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The session's Celery worker outlives the flushes of transactional tests (hrflow/celery.py).
HRFLOW_WORKER_FORGETS_CONTENT_TYPES = True
# Eager mode stays off: tests about tasks run a real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = False
# Serve static files straight from the apps' folders, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
