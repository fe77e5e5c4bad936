"""Candidates' satisfaction survey answers, where the survey was due.

The two moments of recruiting.selectors.surveys.survey_is_due: after the AI
interview (a completed AI result exists) and after the decision (hired or
rejected; a withdrawal is the candidate's own decision). About a third of those
asked answer (ANSWER_SHARE), minutes to days after the moment, never after now.
The rating is 1-5: around MEAN_BASELINE for the baseline cohort (applied before
hrflow went live, plan.go_live_at), around MEAN_AFTER later; a rejection lowers
it and a hire raises it. One answer in five (COMMENT_SHARE) says something.
"""

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from hrflow.core.pgcopy import line
from recruiting.models import Application, SurveyResponse
from recruiting.seeding.plan import ApplicationPlan

Status = Application.Status
Moment = SurveyResponse.Moment
ANSWER_SHARE = 0.35
COMMENT_SHARE = 0.2
# The mean the ratings are drawn around (before rounding into 1-5), and the spread.
MEAN_BASELINE = 3.5
MEAN_AFTER = 4.35
REJECTED_SHIFT = -0.55
HIRED_SHIFT = 0.4
SPREAD = 0.8
# Minutes after the moment that the answer comes: (soonest, latest).
ANSWER_MINUTES = (3, 3 * 24 * 60)
COMMENTS: dict[str, tuple[str, ...]] = {
    "low": (
        "等了很久才收到结果，希望流程能更快一些。",
        "面试官迟到了，体验不太好。",
        "被拒后没有任何说明，不知道哪里需要改进。",
        "AI面试时网络卡顿，影响了发挥。",
        "联系HR很难找到人。",
    ),
    "mid": (
        "流程还可以，就是时间有点长。",
        "整体中规中矩，希望能多一些反馈。",
        "AI面试的题目有些难，但说明清楚。",
        "沟通及时，但安排改了两次。",
    ),
    "high": (
        "流程清晰，每一步都有通知，很专业。",
        "AI面试随时可以做，很方便。",
        "HR回复很快，面试体验很好。",
        "进度随时能在候选人中心看到，很安心。",
        "面试官很友好，问题也很有针对性。",
    ),
}
SURVEY_FIELDS = ["application", "moment", "rating", "comment", "created_at"]


def survey_lines(
    rng: random.Random,
    applications: list[ApplicationPlan],
    application_ids: list[int],
    *,
    go_live: datetime,
    now: datetime,
) -> Iterator[str]:
    for pk, app in zip(application_ids, applications, strict=True):
        journey = app.journey
        mean = MEAN_BASELINE if journey.steps[0][1] < go_live else MEAN_AFTER
        if journey.ai is not None and rng.random() < ANSWER_SHARE:
            answer = _answer(rng, journey.ai.completed_at, mean, now)
            if answer is not None:
                yield line(pk, Moment.AFTER_AI_INTERVIEW.value, *answer)
        decided: datetime | None
        if journey.status == Status.HIRED:
            decided, mean = journey.steps[-1][1], mean + HIRED_SHIFT
        elif journey.status == Status.REJECTED:
            decided, mean = journey.ended_at, mean + REJECTED_SHIFT
        else:
            continue
        if decided is not None and rng.random() < ANSWER_SHARE:
            answer = _answer(rng, decided, mean, now)
            if answer is not None:
                yield line(pk, Moment.AFTER_DECISION.value, *answer)


def _answer(
    rng: random.Random, moment: datetime, mean: float, now: datetime
) -> tuple[int, str, datetime] | None:
    at = moment + timedelta(minutes=rng.uniform(*ANSWER_MINUTES))
    rating = min(5, max(1, round(rng.gauss(mean, SPREAD))))
    comment = ""
    if rng.random() < COMMENT_SHARE:
        mood = "low" if rating <= 2 else "mid" if rating == 3 else "high"
        comment = rng.choice(COMMENTS[mood])
    if at > now:
        return None  # not answered yet
    return rating, comment, at.replace(microsecond=0)
