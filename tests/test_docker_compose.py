"""Static checks on the production container shape: docker-compose.yml and the Dockerfile.

Docker cannot run in CI, so these tests read the files instead. Each ``*_problems`` helper
takes a parsed file and returns a list of human-readable problems (empty means fine); the
real files must have none, and the mutation tests feed deliberately broken copies (written
to ``tmp_path``) to prove each helper actually rejects the defect it is meant to catch.

Pure PyYAML + text parsing: no Django, runs with ``-p no:django``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_PATH = REPO_ROOT / "docker-compose.yml"
DOCKERFILE_PATH = REPO_ROOT / "Dockerfile"

REQUIRED_SERVICES = ("web", "worker", "beat", "postgres", "redis", "migrate")
# Services that run forever; ``migrate`` is one-shot and exits when done.
LONG_RUNNING = ("web", "worker", "beat", "postgres", "redis")
# Services that must wait for the backing stores to be *healthy*, not merely started.
NEEDS_HEALTHY_BACKENDS = ("web", "worker", "beat")
PRODUCTION_SETTINGS = "hrflow.settings.production"
ROOT_USERS = {"root", "0", "root:root", "0:0"}


# --------------------------------------------------------------------------- loading


def load_compose(path: Path = COMPOSE_PATH) -> dict[str, Any]:
    """Parse a compose file; ``yaml.safe_load`` resolves the ``x-app`` anchors/merge keys."""
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def parse_dockerfile(path: Path = DOCKERFILE_PATH) -> list[tuple[str, str]]:
    """Return ``(INSTRUCTION, arguments)`` pairs, with ``\\`` continuations joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # comment lines inside a continuation are dropped by BuildKit too
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    return instructions


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Instructions of the last build stage (what the shipped image is made of)."""
    starts = [i for i, (kw, _) in enumerate(instructions) if kw == "FROM"]
    assert starts, "Dockerfile has no FROM"
    return instructions[starts[-1] :]


def command_argv(service: dict[str, Any]) -> list[str]:
    """A service's ``command`` as an argv list, whether written as a list or a string."""
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(a) for a in command]


def env_mapping(service: dict[str, Any]) -> dict[str, str]:
    """A service's ``environment`` as a dict, whether written as a mapping or a list."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.partition("=")[::2] for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Services built from this repo (the hrflow image), as opposed to postgres/redis."""
    return {name: svc for name, svc in compose["services"].items() if "build" in svc}


def healthcheck_text(service: dict[str, Any]) -> str:
    test = (service.get("healthcheck") or {}).get("test") or []
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def substitute_placeholders(value: str) -> str:
    """Replace every ``${...}`` with a dummy word so URLs can be parsed structurally."""
    return re.sub(r"\$\{[^}]*\}", "placeholder", value)


# --------------------------------------------------------------------------- checkers


def missing_services_problems(compose: dict[str, Any]) -> list[str]:
    services = compose.get("services") or {}
    return [f"service {name!r} is missing" for name in REQUIRED_SERVICES if name not in services]


def command_problems(compose: dict[str, Any]) -> list[str]:
    services = compose["services"]
    problems = []

    web = command_argv(services.get("web", {}))
    if web[:2] != ["gunicorn", "hrflow.wsgi:application"]:
        problems.append(f"web must run `gunicorn hrflow.wsgi:application`, got {web}")
    if "0.0.0.0:8000" not in web:
        problems.append("web gunicorn must bind 0.0.0.0:8000")

    worker = command_argv(services.get("worker", {}))
    if worker[:4] != ["celery", "-A", "hrflow", "worker"]:
        problems.append(f"worker must run `celery -A hrflow worker`, got {worker}")
    queues = worker[worker.index("-Q") + 1].split(",") if "-Q" in worker[:-1] else []
    for queue in ("default", "integrations", "notifications"):
        if queue not in queues:
            problems.append(f"worker does not consume queue {queue!r}")

    beat = command_argv(services.get("beat", {}))
    if beat[:4] != ["celery", "-A", "hrflow", "beat"]:
        problems.append(f"beat must run `celery -A hrflow beat`, got {beat}")
    beat_line = " ".join(beat)
    if "django_celery_beat.schedulers:DatabaseScheduler" not in beat_line:
        problems.append("beat must use django_celery_beat's DatabaseScheduler")

    migrate = " ".join(command_argv(services.get("migrate", {})))
    for step in ("python manage.py migrate --noinput", "python manage.py setup_periodic_tasks"):
        if step not in migrate:
            problems.append(f"migrate must run `{step}`, got {migrate!r}")
    return problems


def healthcheck_problems(compose: dict[str, Any]) -> list[str]:
    services = compose["services"]
    problems = []
    for name in LONG_RUNNING:
        check = services.get(name, {}).get("healthcheck") or {}
        if check.get("disable") or not check.get("test") or check["test"] == ["NONE"]:
            problems.append(f"long-running service {name!r} has no healthcheck")
    if "/healthz" not in healthcheck_text(services.get("web", {})):
        problems.append("web healthcheck must probe /healthz")
    # Non-web app containers share the image, whose HEALTHCHECK probes gunicorn on :8000;
    # they must override it or they would be reported unhealthy forever.
    for name, svc in app_services(compose).items():
        if name != "web" and "/healthz" in healthcheck_text(svc):
            problems.append(f"{name!r} probes /healthz but does not run gunicorn")
    if "inspect ping" not in healthcheck_text(services.get("worker", {})):
        problems.append("worker healthcheck must use `celery inspect ping`")
    return problems


def one_shot_problems(compose: dict[str, Any]) -> list[str]:
    migrate = compose["services"].get("migrate", {})
    restart = str(migrate.get("restart", "no"))
    if restart not in ("no", "on-failure") and not restart.startswith("on-failure:"):
        return [f"one-shot migrate would be restarted after success (restart: {restart})"]
    return []


def volume_problems(compose: dict[str, Any]) -> list[str]:
    services = compose["services"]
    declared = set((compose.get("volumes") or {}).keys())
    problems = []
    expected_mounts = {
        "postgres": "/var/lib/postgresql/data",
        "redis": "/data",
        "web": "/app/media",
    }
    for name, target in expected_mounts.items():
        mounts = [str(m) for m in services.get(name, {}).get("volumes") or []]
        named = [m.split(":")[0] for m in mounts if m.split(":")[1:2] == [target]]
        if not named or named[0].startswith((".", "/", "~")):
            problems.append(f"{name!r} has no named volume mounted at {target}")
        elif named[0] not in declared:
            problems.append(f"volume {named[0]!r} used by {name!r} is not declared top-level")
    return problems


def environment_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    apps = app_services(compose)
    if set(apps) != {"web", "worker", "beat", "migrate"}:
        problems.append(f"app services built from the repo are {sorted(apps)}")
    for name, svc in apps.items():
        env = env_mapping(svc)
        if env.get("DJANGO_SETTINGS_MODULE") != PRODUCTION_SETTINGS:
            problems.append(f"{name}: DJANGO_SETTINGS_MODULE is not {PRODUCTION_SETTINGS}")

        secret = env.get("DJANGO_SECRET_KEY", "")
        if not re.fullmatch(r"\$\{DJANGO_SECRET_KEY:?\?[^}]*\}", secret):
            problems.append(f"{name}: DJANGO_SECRET_KEY must be required (${{VAR:?msg}})")

        database = urlsplit(substitute_placeholders(env.get("DATABASE_URL", "")))
        if database.scheme not in ("postgres", "postgresql") or database.hostname != "postgres":
            problems.append(f"{name}: DATABASE_URL must point at host postgres")

        redis_url = urlsplit(substitute_placeholders(env.get("REDIS_URL", "")))
        if redis_url.scheme != "redis" or redis_url.hostname != "redis":
            problems.append(f"{name}: REDIS_URL must point at host redis")

        if env.get("HRFLOW_EMBEDDED_SERVICES") != "never":
            problems.append(f"{name}: embedded dev services must be disabled")
    return problems


def dependency_problems(compose: dict[str, Any]) -> list[str]:
    services = compose["services"]
    problems = []

    def condition(service: str, on: str) -> str | None:
        depends = services.get(service, {}).get("depends_on") or {}
        if isinstance(depends, list):  # short form has no condition at all
            return "service_started" if on in depends else None
        return (depends.get(on) or {}).get("condition", "service_started")

    for name in NEEDS_HEALTHY_BACKENDS:
        for backend in ("postgres", "redis"):
            if condition(name, backend) != "service_healthy":
                problems.append(f"{name} must depend on {backend} being service_healthy")
    if condition("web", "migrate") != "service_completed_successfully":
        problems.append("web must wait for migrate to complete successfully")
    if condition("migrate", "postgres") != "service_healthy":
        problems.append("migrate must wait for postgres to be healthy")
    return problems


def dockerfile_problems(instructions: list[tuple[str, str]]) -> list[str]:
    problems = []
    froms = [args for kw, args in instructions if kw == "FROM"]
    if len(froms) < 2 or not all(f.startswith("python:3.11-slim") for f in froms):
        problems.append(f"expected a multi-stage python:3.11-slim build, got FROM {froms}")

    stage = final_stage(instructions)
    users = [args for kw, args in stage if kw == "USER"]
    if not users or users[-1] in ROOT_USERS:
        problems.append("final stage must switch to a non-root USER")

    healthchecks = [args for kw, args in stage if kw == "HEALTHCHECK"]
    if not healthchecks or "/healthz" not in healthchecks[-1]:
        problems.append("final stage needs a HEALTHCHECK on /healthz")
    elif "curl" in healthchecks[-1] or "wget" in healthchecks[-1]:
        problems.append("HEALTHCHECK uses a tool that python:3.11-slim does not ship")

    cmds = [args for kw, args in stage if kw == "CMD"]
    if not cmds or not re.search(r"gunicorn\W+hrflow\.wsgi:application", cmds[-1]):
        problems.append("default CMD must run gunicorn hrflow.wsgi:application")

    env_text = " ".join(args for kw, args in stage if kw == "ENV")
    if f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS}" not in env_text:
        problems.append("final stage must ENV DJANGO_SETTINGS_MODULE to production settings")
    if "DJANGO_SECRET_KEY" in env_text:
        problems.append("a DJANGO_SECRET_KEY baked in via ENV would ship in the image")

    if not any(kw == "RUN" and "collectstatic" in args for kw, args in stage):
        problems.append("static files must be collected at build time")
    if not any(kw == "EXPOSE" and "8000" in args.split() for kw, args in stage):
        problems.append("final stage must EXPOSE 8000")
    return problems


# --------------------------------------------------------------------------- real files


def test_compose_file_uses_compose_spec_without_version_key():
    """The compose spec dropped ``version:``; keeping it only triggers a warning."""
    assert "version" not in load_compose()


def test_all_services_exist():
    """web, worker, beat, postgres, redis and the one-shot migrate are all defined."""
    assert missing_services_problems(load_compose()) == []


def test_services_run_the_right_processes():
    """web runs gunicorn on hrflow.wsgi, worker runs the Celery worker on all queues,
    beat runs Celery beat with the DatabaseScheduler, migrate runs migrations."""
    assert command_problems(load_compose()) == []


def test_long_running_services_have_healthchecks():
    """Every long-running service, beat included (pidfile check), has a real healthcheck,
    and only web probes the gunicorn /healthz endpoint baked into the image."""
    assert healthcheck_problems(load_compose()) == []


def test_migrate_is_one_shot():
    """migrate is not restarted after it exits 0 (``unless-stopped`` would loop it)."""
    assert one_shot_problems(load_compose()) == []


def test_stateful_services_use_declared_named_volumes():
    """postgres, redis and web media live on named volumes declared at top level."""
    assert volume_problems(load_compose()) == []


def test_app_services_share_production_environment():
    """Every app container runs production settings against the compose postgres and
    redis, with no embedded fallbacks, and refuses to start without a secret key."""
    assert environment_problems(load_compose()) == []


def test_app_environment_comes_from_the_shared_anchor():
    """The ``x-app`` anchor keeps the app services' environment identical."""
    envs = [env_mapping(svc) for svc in app_services(load_compose()).values()]
    assert envs
    assert all(env == envs[0] for env in envs)


def test_services_wait_for_healthy_backends():
    """web/worker/beat start only once postgres and redis are healthy; web also waits
    for migrations to finish."""
    assert dependency_problems(load_compose()) == []


def test_dockerfile_production_shape():
    """Multi-stage slim build, non-root USER, /healthz HEALTHCHECK, gunicorn CMD,
    production settings, collectstatic at build time, and no secret in ENV."""
    assert dockerfile_problems(parse_dockerfile()) == []


# --------------------------------------------------------------------------- mutations


def mutate(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    """Write a copy of ``source`` with exactly one occurrence of ``old`` replaced."""
    text = source.read_text()
    assert text.count(old) == 1, f"mutation anchor {old!r} must occur exactly once"
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new))
    return broken


ComposeChecker = Callable[[dict[str, Any]], list[str]]

COMPOSE_MUTATIONS: list[tuple[str, str, ComposeChecker, str]] = [
    ("  beat:\n", "  scheduler:\n", missing_services_problems, "'beat' is missing"),
    ("- hrflow.wsgi:application", "- hrflow.asgi:application", command_problems, "web"),
    (
        "- django_celery_beat.schedulers:DatabaseScheduler",
        "- celery.beat:PersistentScheduler",
        command_problems,
        "DatabaseScheduler",
    ),
    ("default,integrations,notifications", "default", command_problems, "integrations"),
    (
        'test: ["CMD-SHELL", "REDISCLI_AUTH=\\"$$REDIS_PASSWORD\\" redis-cli ping | grep -q PONG"]',
        "disable: true",
        healthcheck_problems,
        "'redis'",
    ),
    ('restart: "no"', "restart: unless-stopped", one_shot_problems, "restarted"),
    ("      - redisdata:/data", "      - ./redis:/data", volume_problems, "'redis'"),
    ("  redisdata:\n", "", volume_problems, "not declared"),
    (
        "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY}",
        "${DJANGO_SECRET_KEY:-insecure}",
        environment_problems,
        "DJANGO_SECRET_KEY",
    ),
    ("@postgres:5432/hrflow", "@localhost:5432/hrflow", environment_problems, "postgres"),
    ("@redis:6379/0", "@127.0.0.1:6379/0", environment_problems, "redis"),
    (
        "DJANGO_SETTINGS_MODULE: hrflow.settings.production",
        "DJANGO_SETTINGS_MODULE: hrflow.settings.dev",
        environment_problems,
        "production",
    ),
    (
        "HRFLOW_EMBEDDED_SERVICES: never",
        "HRFLOW_EMBEDDED_SERVICES: auto",
        environment_problems,
        "embedded",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "checker", "expected"),
    COMPOSE_MUTATIONS,
    ids=[m[2].__name__ + "-" + m[3] for m in COMPOSE_MUTATIONS],
)
def test_compose_checkers_reject_broken_copies(tmp_path, old, new, checker, expected):
    """Each compose checker flags a copy with the defect it guards against, and names it."""
    assert checker(load_compose()) == [], "the real file must pass before mutating"
    problems = checker(load_compose(mutate(COMPOSE_PATH, tmp_path, old, new)))
    assert any(expected in problem for problem in problems), problems


def test_removing_worker_healthcheck_is_rejected(tmp_path):
    """Deleting the worker's healthcheck block makes the healthcheck check fail."""
    compose = load_compose()
    del compose["services"]["worker"]["healthcheck"]
    (tmp_path / "docker-compose.yml").write_text(yaml.safe_dump(compose))
    broken = load_compose(tmp_path / "docker-compose.yml")
    assert "long-running service 'worker' has no healthcheck" in healthcheck_problems(broken)


def test_beat_without_own_healthcheck_inherits_image_probe_and_is_rejected(tmp_path):
    """Without an override beat would inherit the image's /healthz probe and never be
    healthy; removing its healthcheck block must be flagged."""
    text = COMPOSE_PATH.read_text()
    beat_block = text[text.index("  beat:\n") : text.index("\nvolumes:")]
    check_block = beat_block[beat_block.index("    healthcheck:") :]
    (tmp_path / "no-beat-check.yml").write_text(text.replace(check_block, ""))
    problems = healthcheck_problems(load_compose(tmp_path / "no-beat-check.yml"))
    assert "long-running service 'beat' has no healthcheck" in problems


def test_web_starting_before_redis_is_healthy_is_rejected(tmp_path):
    """A web service that only waits for redis to *start* is flagged."""
    broken = tmp_path / "docker-compose.yml"
    compose = load_compose()
    compose["services"]["web"]["depends_on"]["redis"]["condition"] = "service_started"
    broken.write_text(yaml.safe_dump(compose))
    assert "web must depend on redis being service_healthy" in dependency_problems(
        load_compose(broken)
    )


def test_short_form_depends_on_is_rejected(tmp_path):
    """``depends_on: [postgres, redis]`` has no health condition and is flagged."""
    broken = tmp_path / "docker-compose.yml"
    compose = load_compose()
    compose["services"]["worker"]["depends_on"] = ["postgres", "redis"]
    broken.write_text(yaml.safe_dump(compose))
    problems = dependency_problems(load_compose(broken))
    assert "worker must depend on postgres being service_healthy" in problems
    assert "worker must depend on redis being service_healthy" in problems


DOCKERFILE_MUTATIONS = [
    ("USER hrflow\n", "", "non-root USER"),
    ("EXPOSE 8000\n", "EXPOSE 8000\nUSER root\n", "non-root USER"),
    ("http://127.0.0.1:8000/healthz", "http://127.0.0.1:8000/", "HEALTHCHECK on /healthz"),
    ('CMD ["gunicorn", "hrflow.wsgi:application"', 'CMD ["python", "manage.py"', "gunicorn"),
    (
        "DJANGO_SETTINGS_MODULE=hrflow.settings.production",
        "DJANGO_SETTINGS_MODULE=hrflow.settings.dev",
        "production settings",
    ),
    (
        "PYTHONUNBUFFERED=1 \\\n",
        "PYTHONUNBUFFERED=1 \\\n    DJANGO_SECRET_KEY=oops \\\n",
        "DJANGO_SECRET_KEY",
    ),
    ("FROM python:3.11-slim AS runtime", "FROM python:3.12 AS runtime", "python:3.11-slim"),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), DOCKERFILE_MUTATIONS, ids=[m[2] for m in DOCKERFILE_MUTATIONS]
)
def test_dockerfile_checker_rejects_broken_copies(tmp_path, old, new, expected):
    """The Dockerfile checker flags a copy with the defect it guards against."""
    problems = dockerfile_problems(parse_dockerfile(mutate(DOCKERFILE_PATH, tmp_path, old, new)))
    assert any(expected in problem for problem in problems), problems
