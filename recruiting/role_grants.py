"""Which roles hold recruiting's permissions (from `RecruitingConfig.ready()`)."""

from hrflow.accounts.roles import Role

_READ = [
    "recruiting.view_job",
    "recruiting.view_candidate",
    "recruiting.view_application",
    "recruiting.view_assessment",
    "recruiting.view_interview",
]
_WORK = [
    *_READ,
    "recruiting.add_job",
    "recruiting.change_job",
    "recruiting.add_candidate",
    "recruiting.change_candidate",
    "recruiting.add_application",
    "recruiting.change_application",
    "recruiting.add_note",
    "recruiting.add_assessment",
    "recruiting.add_interview",
    "recruiting.change_interview",
]

RECRUITING_GRANTS = {
    Role.HR_ADMIN: [*_WORK, "recruiting.merge_candidate", "recruiting.publish_job"],
    Role.RECRUITER: _WORK,
    Role.HIRING_MANAGER: _READ,
    # Interviewers see only the interviews they sit on (InterviewQuerySet).
    Role.INTERVIEWER: ["recruiting.view_interview"],
}
