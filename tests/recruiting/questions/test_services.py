"""Screening questions: HR's list (save, reorder, retire, refusals), the applicants'
answers (checked per kind, stored as asked, nothing stored when one is wrong), and
the answers in the candidate's data export and erasure."""

import pytest
from django.utils import translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.models import (
    Candidate,
    Job,
    ScreeningAnswer,
    ScreeningQuestion,
)
from recruiting.privacy.erasure import candidate_erase
from recruiting.privacy.erasure_traces import REDACTED
from recruiting.privacy.export import candidate_data_export
from recruiting.questions.services import (
    QuestionSpec,
    screening_answers_check,
    screening_answers_store,
    screening_questions_save,
)
from tests.hrflow.factories import UserFactory
from tests.recruiting.careers_helpers import apply, job_without_ai_interview
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.person_with_everything import EMAIL, NAME, PHONE, person_with_everything
from tests.recruiting.privacy.test_erasure import rows_mentioning
from tests.recruiting.privacy.test_export import unzip
from tests.recruiting.services.test_careers_apply import _stored as stored_by_an_application

pytestmark = pytest.mark.django_db

Kind = ScreeningQuestion.Kind
YES_NO = QuestionSpec(text="Can you work weekends?", kind=Kind.YES_NO, required=True)
CITY = QuestionSpec(text="Which office?", kind=Kind.SINGLE_CHOICE, choices=("Shanghai", "Hangzhou"))
YEARS = QuestionSpec(text="Years of Python?", kind=Kind.NUMBER, required=True)
WHY = QuestionSpec(text="Why us?", kind=Kind.LONG_TEXT)
HANDLE = QuestionSpec(text="GitHub handle", kind=Kind.SHORT_TEXT, help_text="Optional")


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


def ask(job: Job, *specs: QuestionSpec) -> list[ScreeningQuestion]:
    return screening_questions_save(job=job, questions=list(specs), actor=None)


def specs_of(job: Job) -> list[QuestionSpec]:
    return [QuestionSpec.of(q) for q in ScreeningQuestion.objects.filter(job=job).active()]


def texts(job: Job) -> list[str]:
    return [q.text for q in ScreeningQuestion.objects.filter(job=job).active()]


def answered(question: ScreeningQuestion, answer: str = "yes") -> ScreeningAnswer:
    application = ApplicationFactory(job=question.job)
    return screening_answers_store(application=application, answers={question.pk: answer})[0]


def _stored() -> tuple[int, ...]:
    """Counts of everything an application could write, its answers too."""
    return (*stored_by_an_application(), ScreeningAnswer.objects.count())


def last_changes() -> dict:
    return AuditEvent.objects.filter(action="recruiting.screening_questions_save").first().changes


# HR's list of questions


def test_saving_adds_the_questions_in_order_and_audits_it():
    job, recruiter = JobFactory(), UserFactory()

    saved = screening_questions_save(job=job, questions=[YES_NO, CITY, YEARS], actor=recruiter)

    assert [q.text for q in saved] == texts(job) == [YES_NO.text, CITY.text, YEARS.text]
    assert [q.position for q in saved] == [0, 1, 2]
    assert saved[1].choices == ["Shanghai", "Hangzhou"]
    assert (saved[0].required, saved[1].required) == (True, False)
    event = AuditEvent.objects.get(action="recruiting.screening_questions_save")
    assert event.actor == recruiter
    assert event.target_id == str(job.pk)
    assert event.changes["added"] == [YES_NO.text, CITY.text, YEARS.text]


def test_saving_trims_text_and_choices_and_drops_choices_of_other_kinds():
    job = JobFactory()

    saved = ask(
        job,
        QuestionSpec(text="  Start date?  ", kind=Kind.SHORT_TEXT, choices=("a", "b")),
        QuestionSpec(text="Team", kind=Kind.SINGLE_CHOICE, choices=(" Data  team ", "Web")),
    )

    assert saved[0].text == "Start date?"
    assert saved[0].choices == []
    assert saved[1].choices == ["Data team", "Web"]


def test_editing_keeps_the_question_and_records_what_changed():
    job = JobFactory()
    first, second = ask(job, YES_NO, CITY)
    edited = QuestionSpec(
        pk=second.pk,
        text="Which office suits you?",
        kind=Kind.SINGLE_CHOICE,
        choices=("Shanghai", "Hangzhou", "Remote"),
        required=True,
        help_text="We have three.",
    )

    saved = ask(job, specs_of(job)[0], edited)

    assert [q.pk for q in saved] == [first.pk, second.pk]
    second.refresh_from_db()
    assert (second.text, second.choices, second.required, second.help_text) == (
        "Which office suits you?",
        ["Shanghai", "Hangzhou", "Remote"],
        True,
        "We have three.",
    )
    assert last_changes()["edited"][str(second.pk)]["text"] == [CITY.text, edited.text]
    assert "order" not in last_changes()


def test_saving_the_same_list_changes_nothing_and_audits_nothing():
    job = JobFactory()
    ask(job, YES_NO, CITY)
    before = AuditEvent.objects.filter(action="recruiting.screening_questions_save").count()

    ask(job, *specs_of(job))

    assert AuditEvent.objects.filter(action="recruiting.screening_questions_save").count() == before


def test_reordering_follows_the_list():
    job = JobFactory()
    ask(job, YES_NO, CITY, YEARS)
    first, second, third = specs_of(job)

    ask(job, third, first, second)

    assert texts(job) == [YEARS.text, YES_NO.text, CITY.text]
    assert last_changes()["order"] == [YEARS.text, YES_NO.text, CITY.text]


def test_a_question_nobody_answered_is_deleted_when_removed():
    job = JobFactory()
    kept, gone = ask(job, YES_NO, CITY)

    ask(job, specs_of(job)[0])

    assert list(ScreeningQuestion.objects.filter(job=job)) == [kept]
    assert not ScreeningQuestion.objects.filter(pk=gone.pk).exists()


def test_an_answered_question_is_retired_not_deleted_and_its_answers_stay():
    job = JobFactory()
    question, other = ask(job, YES_NO, CITY)
    answer = answered(question, "no")

    ask(job, specs_of(job)[1])

    question.refresh_from_db()
    assert question.is_active is False
    assert texts(job) == [CITY.text]
    assert ScreeningAnswer.objects.get(pk=answer.pk).answer == "no"
    assert last_changes()["retired"] == [YES_NO.text]
    # a retired question is not asked any more, nor can a stale form edit it
    with pytest.raises(ApplicationError, match="changed meanwhile"):
        ask(job, QuestionSpec.of(question), specs_of(job)[0])
    assert other.pk in [q.pk for q in ScreeningQuestion.objects.filter(job=job).active()]


def test_rewording_an_answered_question_leaves_the_answer_as_asked():
    job = JobFactory()
    (question,) = ask(job, YES_NO)
    answer = answered(question)

    ask(job, QuestionSpec(pk=question.pk, text="Weekends OK?", kind=Kind.YES_NO))

    answer.refresh_from_db()
    assert answer.question_text == YES_NO.text
    assert ScreeningQuestion.objects.get(pk=question.pk).text == "Weekends OK?"


def test_the_kind_of_an_answered_question_cannot_change():
    job = JobFactory()
    (question,) = ask(job, YES_NO)
    answered(question)

    with pytest.raises(ApplicationError) as refused:
        ask(job, QuestionSpec(pk=question.pk, text=YES_NO.text, kind=Kind.SHORT_TEXT))

    assert "kind" in refused.value.extra["fields"]
    assert ScreeningQuestion.objects.get(pk=question.pk).kind == Kind.YES_NO


def _choice(*choices: str) -> QuestionSpec:
    return QuestionSpec(text="Pick one", kind=Kind.SINGLE_CHOICE, choices=choices)


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        (QuestionSpec(text="   ", kind=Kind.YES_NO), "text", "Write the question"),
        (QuestionSpec(text="x" * 301, kind=Kind.YES_NO), "text", "300 characters"),
        (QuestionSpec(text="ok", kind=Kind.YES_NO, help_text="h" * 301), "help_text", "300"),
        (QuestionSpec(text="ok", kind="essay"), "kind", "kind of answer"),
        (_choice("only one"), "choices", "between 2 and 20"),
        (_choice(*[f"option {n}" for n in range(21)]), "choices", "between 2 and 20"),
        (_choice("Remote", "remote"), "choices", "different"),
        (_choice("a", "  "), "choices", "cannot be empty"),
        (_choice("a", "b" * 101), "choices", "100 characters"),
    ],
)
def test_a_bad_question_is_refused_and_nothing_changes(spec, field, words):
    job = JobFactory()
    ask(job, YES_NO)
    before = list(ScreeningQuestion.objects.values_list("pk", "text", "position"))
    audits = AuditEvent.objects.count()

    with pytest.raises(ApplicationError) as refused:
        ask(job, *specs_of(job), spec)

    assert words in refused.value.message
    assert refused.value.message.startswith("Question 2:")
    assert list(refused.value.extra["fields"]) == [field]
    assert list(ScreeningQuestion.objects.values_list("pk", "text", "position")) == before
    assert AuditEvent.objects.count() == audits


def test_at_most_twenty_questions():
    job = JobFactory()
    many = [QuestionSpec(text=f"Question {n}", kind=Kind.SHORT_TEXT) for n in range(21)]

    with pytest.raises(ApplicationError, match="at most 20"):
        ask(job, *many)

    assert not ScreeningQuestion.objects.filter(job=job).exists()
    assert len(ask(job, *many[:20])) == 20


def test_another_jobs_question_or_one_named_twice_is_refused():
    job, other = JobFactory(), JobFactory()
    (foreign,) = ask(other, YES_NO)
    (own,) = ask(job, CITY)

    with pytest.raises(ApplicationError, match="changed meanwhile"):
        ask(job, QuestionSpec.of(foreign))
    with pytest.raises(ApplicationError, match="twice"):
        ask(job, QuestionSpec.of(own), QuestionSpec.of(own))

    assert ScreeningQuestion.objects.get(pk=foreign.pk).job == other
    assert texts(job) == [CITY.text]


# The applicants' answers


@pytest.mark.parametrize(
    ("spec", "given", "kept"),
    [
        (YES_NO, " yes ", "yes"),
        (YES_NO, "no", "no"),
        (CITY, "Hangzhou", "Hangzhou"),
        (YEARS, "3.5", "3.5"),
        (YEARS, "-2", "-2"),
        (YEARS, "10", "10"),
        (HANDLE, "  octocat ", "octocat"),
        (WHY, "Because\nof the team.", "Because\nof the team."),
        (WHY, "x" * 4000, "x" * 4000),
    ],
)
def test_a_sound_answer_is_kept_trimmed(spec, given, kept):
    job = JobFactory()
    (question,) = ask(job, spec)

    assert screening_answers_check(job=job, answers={question.pk: given}) == {question.pk: kept}


@pytest.mark.parametrize(
    ("spec", "given", "words"),
    [
        (YES_NO, "", "Please answer"),
        (YES_NO, "   ", "Please answer"),
        (YES_NO, "maybe", "yes or no"),
        (YES_NO, "Yes", "yes or no"),
        (CITY, "Beijing", "one of the answers"),
        (YEARS, "", "Please answer"),
        (YEARS, "three", "a number"),
        (YEARS, "NaN", "a number"),
        (YEARS, "Infinity", "a number"),
        (YEARS, "1" * 31, "a number"),
        (HANDLE, "x" * 301, "300 characters"),
        (WHY, "x" * 4001, "4000 characters"),
    ],
)
def test_a_bad_answer_is_refused_at_its_field(spec, given, words):
    job = JobFactory()
    (question,) = ask(job, spec)

    with pytest.raises(ApplicationError) as refused:
        screening_answers_check(job=job, answers={question.pk: given})

    assert list(refused.value.extra["fields"]) == [f"q{question.pk}"]
    assert words in refused.value.extra["fields"][f"q{question.pk}"]


def test_every_problem_is_reported_at_once():
    job = JobFactory()
    yes_no, city, years = ask(job, YES_NO, CITY, YEARS)

    with pytest.raises(ApplicationError) as refused:
        screening_answers_check(job=job, answers={city.pk: "Mars"})

    assert set(refused.value.extra["fields"]) == {f"q{yes_no.pk}", f"q{city.pk}", f"q{years.pk}"}


def test_optional_questions_may_be_left_out_and_other_ids_are_ignored():
    job, other = JobFactory(), JobFactory()
    required, optional, retired = ask(job, YES_NO, HANDLE, WHY)
    answered(retired, "old answer")
    ask(job, *specs_of(job)[:2])
    (foreign,) = ask(other, HANDLE)

    checked = screening_answers_check(
        job=job,
        answers={required.pk: "yes", optional.pk: "", retired.pk: "late", foreign.pk: "x"},
    )

    assert checked == {required.pk: "yes"}


def test_answers_are_stored_with_the_question_as_asked():
    job = JobFactory()
    yes_no, city = ask(job, YES_NO, CITY)
    application = ApplicationFactory(job=job)

    screening_answers_store(application=application, answers={city.pk: "Shanghai", yes_no.pk: "no"})

    rows = list(application.screening_answers.order_by("pk"))
    assert [(r.question_id, r.question_text, r.answer) for r in rows] == [
        (yes_no.pk, YES_NO.text, "no"),
        (city.pk, CITY.text, "Shanghai"),
    ]
    assert rows[0].answer_label() == "No"
    assert rows[1].answer_label() == "Shanghai"


def test_answers_to_another_jobs_questions_are_not_stored():
    application = ApplicationFactory()
    (foreign,) = ask(JobFactory(), YES_NO)

    with pytest.raises(ApplicationError):
        screening_answers_store(application=application, answers={foreign.pk: "yes"})

    assert not ScreeningAnswer.objects.exists()


# Through the public apply form's service


def test_an_application_keeps_its_answers_as_asked():
    job = job_without_ai_interview()
    yes_no, city, years, _why = ask(job, YES_NO, CITY, YEARS, WHY)

    application = apply(job, answers={yes_no.pk: "yes", city.pk: "Hangzhou", years.pk: "4"})

    assert {a.question_id: a.answer for a in application.screening_answers.all()} == {
        yes_no.pk: "yes",
        city.pk: "Hangzhou",
        years.pk: "4",
    }
    ask(job, QuestionSpec(pk=yes_no.pk, text="Weekend shifts?", kind=Kind.YES_NO))
    assert application.screening_answers.get(question=yes_no).question_text == YES_NO.text


@pytest.mark.parametrize(
    "answers_for",
    [
        lambda yes_no, years: None,
        lambda yes_no, years: {yes_no.pk: "yes"},
        lambda yes_no, years: {yes_no.pk: "yes", years.pk: "lots"},
    ],
    ids=["no-answers", "required-missing", "bad-number"],
)
def test_a_bad_answer_stores_nothing_at_all(answers_for):
    job = job_without_ai_interview()
    yes_no, years = ask(job, YES_NO, YEARS)
    given = answers_for(yes_no, years)
    before = _stored()

    with pytest.raises(ApplicationError) as refused:
        apply(job, answers=given)

    assert f"q{years.pk}" in refused.value.extra["fields"]
    assert _stored() == before


def test_a_repeat_applicant_is_refused_a_bad_answer_like_anyone_and_stores_nothing():
    job = job_without_ai_interview()
    (question,) = ask(job, YES_NO)
    apply(job, answers={question.pk: "yes"})
    before = _stored()

    with pytest.raises(ApplicationError):
        apply(job, answers={question.pk: "perhaps"})
    assert apply(job, answers={question.pk: "no"}) is None

    assert _stored() == before
    assert list(ScreeningAnswer.objects.values_list("answer", flat=True)) == ["yes"]


def test_the_honeypot_stores_no_answers():
    job = job_without_ai_interview()
    (question,) = ask(job, YES_NO)
    before = _stored()

    assert apply(job, answers={question.pk: "yes"}, honeypot="http://spam") is None

    assert _stored() == before


def test_a_job_without_questions_takes_applications_as_before():
    job = job_without_ai_interview()

    application = apply(job)

    assert application is not None
    assert not application.screening_answers.exists()


# The candidate's data: export and erasure


def _answer_about_the_person(email: str = EMAIL) -> ScreeningAnswer:
    application = Candidate.objects.get(email=email).applications.order_by("pk").first()
    (question,) = ask(application.job, HANDLE)
    return screening_answers_store(
        application=application, answers={question.pk: f"Mail me at {email}"}
    )[0]


def test_the_export_holds_the_answers():
    person = person_with_everything()
    answer = _answer_about_the_person()

    data, _files = unzip(candidate_data_export(person.candidate))

    # person_with_everything answered a question of its own too
    (row,) = [row for row in data["screening_answers"] if row["id"] == answer.pk]
    assert (row["id"], row["question_text"], row["answer"]) == (
        answer.pk,
        HANDLE.text,
        f"Mail me at {EMAIL}",
    )


def test_erasure_blanks_the_answers_and_leaves_no_trace_in_any_table():
    person = person_with_everything()
    answer = _answer_about_the_person()
    # a bystander who copied the person's address into their own answer
    bystander = ApplicationFactory(candidate=CandidateFactory(email="bystander.zq@example.org"))
    (question,) = ask(bystander.job, WHY)
    (copied,) = screening_answers_store(
        application=bystander, answers={question.pk: f"Referred by {EMAIL}"}
    )
    assert "recruiting.ScreeningAnswer" in rows_mentioning(EMAIL)

    candidate_erase(candidate=person.candidate, actor=None)

    assert rows_mentioning(NAME, EMAIL, PHONE) == {}
    answer.refresh_from_db()
    assert (answer.answer, answer.question_text) == ("", HANDLE.text)
    copied.refresh_from_db()
    assert copied.answer == f"Referred by {REDACTED}"
