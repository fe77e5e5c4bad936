"""The demo's vendors: a connection per simulator, AI-interview stages pointed at them,
and invitations for everyone already waiting in those stages.

Used by `make demo` only; the connections are ordinary ones, so the health
page, syncs and webhooks behave exactly as with a real vendor.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from integrations.models import VendorConnection
from integrations.simulators.mianshibao import DEFAULT_APP_KEY, DEFAULT_APP_SECRET
from integrations.simulators.vuesim import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_WEBHOOK_SECRET,
)
from recruiting.models import Application, Assessment, Job, Stage
from recruiting.models.jobs import StageKind
from recruiting.vendors.connections import connection_create
from recruiting.vendors.invites import invites_queue


@dataclass(frozen=True)
class DemoVendor:
    name: str
    vendor: str
    credentials: dict[str, str]
    webhook_secret: str
    test_id: str


DEMO_VENDORS = (
    DemoVendor(
        "VueSim (demo)",
        "vuesim",
        {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET},
        DEFAULT_WEBHOOK_SECRET,
        "pos_2",
    ),
    DemoVendor(
        "面试宝 (demo)",
        "mianshibao",
        {"app_key": DEFAULT_APP_KEY, "app_secret": DEFAULT_APP_SECRET},
        DEFAULT_APP_SECRET,
        "P11",
    ),
)


@transaction.atomic
def demo_connections_ensure(urls: dict[str, str]) -> list[VendorConnection]:
    """One connection per simulator at `urls[vendor]`; the URL is refreshed on every start."""
    connections = []
    for demo in DEMO_VENDORS:
        connection = VendorConnection.objects.filter(name=demo.name).first()
        if connection is None:
            connection = connection_create(
                name=demo.name,
                vendor=demo.vendor,
                base_url=urls[demo.vendor],
                credentials=demo.credentials,
                webhook_secret=demo.webhook_secret,
                backfill_from=timezone.now() - timedelta(days=1),
                poll_interval=timedelta(minutes=1),
                default_test_id=demo.test_id,
                actor=None,
            )
        elif connection.base_url != urls[demo.vendor]:
            VendorConnection.objects.filter(pk=connection.pk).update(base_url=urls[demo.vendor])
        connections.append(connection)
    _point_stages(connections)
    return connections


def _point_stages(connections: list[VendorConnection]) -> None:
    """Alternate the jobs' AI-interview stages between the demo vendors."""
    jobs = list(Job.objects.order_by("pk").values_list("pk", flat=True))
    for index, job_id in enumerate(jobs):
        connection = connections[index % len(connections)]
        Stage.objects.filter(
            job_id=job_id, kind=StageKind.AI_INTERVIEW, vendor_connection__isnull=True
        ).update(vendor_connection=connection)


def demo_invite_waiting(*, limit: int = 40) -> int:
    """Queue invitations for active applications in AI-interview stages not yet invited."""
    invited = Assessment.objects.filter(
        source__startswith="conn:", kind=Assessment.Kind.AI_INTERVIEW
    ).values("application_id")
    waiting = (
        Application.objects.filter(
            status=Application.Status.ACTIVE,
            stage__kind=StageKind.AI_INTERVIEW,
            stage__vendor_connection__isnull=False,
        )
        .exclude(pk__in=invited)
        .select_related("stage")
        .order_by("-stage_entered_at")[:limit]
    )
    by_stage: dict[int, tuple[Stage, list[int]]] = {}
    for application in waiting:
        by_stage.setdefault(application.stage_id, (application.stage, []))[1].append(application.pk)
    with transaction.atomic():
        for stage, ids in by_stage.values():
            invites_queue(application_ids=ids, stage=stage)
    return sum(len(ids) for _, ids in by_stage.values())
