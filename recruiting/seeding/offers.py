"""The offers of the applications whose journey reached the offer stage.

HR sends the offer a few hours to three days after the application enters the
offer stage (sooner when the stage ended sooner). Then, by how the journey went on:

- hired: accepted, signed with the candidate's name before the hire, starting one
  to four weeks after it (the employee seed starts the pipeline hire that day);
- withdrawn at the offer stage: the candidate declined it, with a reason, and then
  stepped back;
- rejected at the offer stage ("position filled": the seats went to others while
  they waited): most never had an offer, WITHDRAWN_SHARE had one HR withdrew;
- still at the offer stage: waiting for the answer, unless it is not sent yet; one
  whose week to answer has passed is left open-ended (no answer-by date), as HR
  does while the candidate is still deciding.

Every seeded offer's letter is the same small PDF (letter_ensure), stored once:
the pages, the portal's download and a hire's copy of the letter find a real file.
"""

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hrflow.core.pgcopy import line
from recruiting.demo.resume_pdf import resume_pdf
from recruiting.models import Application, Offer, StageKind
from recruiting.seeding.plan import Context, Plan

Status = Application.Status
# Hours after entering the offer stage that the offer goes out: (soonest, latest).
SEND_HOURS = (2.0, 72.0)
RESPOND_DAYS = 7
WITHDRAWN_SHARE = 0.2
START_DAYS = (7, 30)  # from the hire to the first day at work
LETTER_NAME = "录用通知书.pdf"
LETTER_LINES = (
    "本文件为演示数据的示例录用通知书，条款以系统中的录用信息为准。",
    "A sample offer letter of made-up demo data; the offer's terms are those in hrflow.",
)
DECLINE_REASONS = (
    "已接受其他公司的录用。",
    "薪资未达到预期。",
    "工作地点不太合适，家人在外地。",
    "个人原因，暂不考虑换工作。",
    "现公司给出了更好的挽留条件。",
)
MESSAGE = "期待您的加入！如有任何问题，欢迎随时与我们联系。"
# Monthly pay in thousands (lowest, highest) and months' pay a year, by channel.
PAY_K = {"campus": (9, 18), "experienced": (14, 45)}
PAY_MONTHS = (13, 14, 15, 16)


# The seeded offers' shared letter is stored under this prefix (letter_ensure).
LETTER_PREFIX = "offers/seed-"


@dataclass(frozen=True)
class Letter:
    name: str  # the storage name every seeded offer points at
    size: int
    sha256: str


def letter_ensure() -> Letter:
    """The seeded offers' letter in storage (named by its content, written once)."""
    data = resume_pdf("录用通知书 Offer letter", LETTER_LINES)
    sha256 = hashlib.sha256(data).hexdigest()
    name = f"{LETTER_PREFIX}{sha256[:20]}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return Letter(name, len(data), sha256)


OFFER_FIELDS = [
    "created_at", "updated_at", "application", "status", "position_title", "salary",
    "start_date", "respond_by", "message", "letter", "letter_name", "letter_size",
    "letter_sha256", "sent_by", "responded_at", "signature_name", "decline_reason",
    "response_ip_hash",
]  # fmt: skip


def offer_lines(
    rng: random.Random,
    plan: Plan,
    application_ids: list[int],
    context: Context,
    letter: Letter,
    *,
    now: datetime,
    waiting: bool = True,
) -> Iterator[str]:
    """The offers' rows; without `waiting`, none for those still at the offer stage."""
    offer_stage = {
        job.pk: next((i for i, (_n, k) in enumerate(job.stages) if k == StageKind.OFFER), None)
        for job in plan.jobs
    }
    for pk, app in zip(application_ids, plan.applications, strict=True):
        stage = offer_stage[app.job.pk]
        journey = app.journey
        entered = next((at for index, at in journey.steps if index == stage), None)
        if stage is None or entered is None:
            continue
        after = [at for index, at in journey.steps if index > stage]
        status = journey.status
        ended_here = not after and status in (Status.WITHDRAWN, Status.REJECTED)
        until = after[0] if after else journey.ended_at if ended_here else now
        assert until is not None
        delay = timedelta(hours=rng.uniform(*SEND_HOURS))
        if not after and not ended_here and (not waiting or entered + delay > now):
            continue  # the offer is still being written
        if ended_here and status == Status.REJECTED and rng.random() >= WITHDRAWN_SHARE:
            continue  # the seats were filled before an offer went out
        sent = entered + min(delay, (until - entered) * 0.5)
        low, high = PAY_K[app.job.channel]
        salary = f"月薪 {rng.randint(low, high)}k · {rng.choice(PAY_MONTHS)}薪"
        respond_by = sent.date() + timedelta(days=RESPOND_DAYS)
        start = (until + timedelta(days=rng.randint(*START_DAYS))).date()
        answered: datetime | None = None
        offer_status, signature, reason = Offer.Status.SENT, "", ""
        if after and status == Status.HIRED:
            offer_status = Offer.Status.ACCEPTED
            answered = sent + (until - sent) * rng.uniform(0.2, 0.8)
        elif ended_here and status == Status.WITHDRAWN:
            offer_status = Offer.Status.DECLINED
            answered = sent + (until - sent) * rng.uniform(0.3, 0.9)
            reason = rng.choice(DECLINE_REASONS)
        elif ended_here:
            offer_status = Offer.Status.WITHDRAWN
        if answered is not None:
            signature = plan.people[app.candidate].full_name
            respond_by = max(respond_by, answered.date())
        waiting_past = offer_status == Offer.Status.SENT and respond_by < now.date()
        yield line(
            sent,
            answered or (until if offer_status == Offer.Status.WITHDRAWN else sent),
            pk,
            offer_status,
            app.job.title.split(" · ")[-1],
            salary,
            max(start, respond_by),
            None if waiting_past else respond_by,
            MESSAGE,
            letter.name,
            LETTER_NAME,
            letter.size,
            letter.sha256,
            context.recruiter_id,
            answered,
            signature,
            reason,
            "",
        )
