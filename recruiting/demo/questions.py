"""The demo jobs' screening questions, and a made-up applicant's answers to them.

Questions are written in the demo's language; a Chinese-speaking applicant
answers in Chinese, an English-speaking one in English (the careers form takes
whatever a person types).
"""

import random

from django.db import transaction

from recruiting.models import Job, ScreeningQuestion
from recruiting.questions.models import NO, YES
from recruiting.questions.services import QuestionSpec, screening_questions_save

Kind = ScreeningQuestion.Kind

# (Chinese question, English question, kind, required)
QUESTIONS: tuple[tuple[str, str, str, bool], ...] = (
    ("最快到岗时间", "When could you start?", Kind.SHORT_TEXT, True),
    ("是否接受本岗位的工作地点？", "Can you work at this job's location?", Kind.YES_NO, True),
    ("期望月薪（千元）", "Expected monthly salary (thousand yuan)", Kind.NUMBER, False),
)
START_ANSWERS_ZH = ("随时到岗", "一周内", "两周内", "一个月内", "毕业后即可到岗")
START_ANSWERS_EN = ("Right away", "Within two weeks", "Within a month", "After graduation")


@transaction.atomic
def demo_questions_ensure(*, language: str) -> int:
    """The demo questions on every job that asks none yet; how many jobs got them."""
    english = language == "en"
    specs = [
        QuestionSpec(text=english_text if english else chinese, kind=kind, required=required)
        for chinese, english_text, kind, required in QUESTIONS
    ]
    done = 0
    for job in Job.objects.exclude(screening_questions__isnull=False).order_by("pk"):
        screening_questions_save(job=job, questions=specs, actor=None)
        done += 1
    return done


def demo_answers(*, job: Job, chinese: bool, rng: random.Random) -> dict[int, str]:
    """Plausible answers to the job's questions, in the applicant's language."""
    answers = {}
    for question in ScreeningQuestion.objects.filter(job=job).active():
        if question.kind == Kind.YES_NO:
            answers[question.pk] = YES if rng.random() < 0.85 else NO
        elif question.kind == Kind.NUMBER:
            campus = job.channel == Job.Channel.CAMPUS
            answers[question.pk] = str(rng.choice((6, 8, 10, 12) if campus else (15, 20, 25, 30)))
        elif question.kind == Kind.SINGLE_CHOICE and question.choices:
            answers[question.pk] = rng.choice(question.choices)
        elif question.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            answers[question.pk] = rng.choice(START_ANSWERS_ZH if chinese else START_ANSWERS_EN)
    return answers
