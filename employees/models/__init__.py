"""Every model of the employees app, gathered so Django registers them and code imports
any of them from one place."""

from employees.models.attendance import (
    Compensation,
    DailyResult,
    DayStatus,
    MonthConfirmation,
    OvertimeKind,
    OvertimeRequest,
    Punch,
    PunchCorrection,
    PunchSource,
    RequestStatus,
)
from employees.models.contracts import Contract
from employees.models.files import EmployeeConsent, EmployeeDocument, EmployeeNote
from employees.models.hires import HiredAssessment, HiredDimensionScore, HireSnapshot
from employees.models.leave import (
    LeaveDelegation,
    LeaveEntry,
    LeaveRequest,
    LeaveSettings,
    LeaveType,
)
from employees.models.metrics import Direction, Goal, Metric, MetricImport, MetricValue
from employees.models.onboarding import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    OwnerRole,
    Policy,
    PreboardingLink,
)
from employees.models.outcomes import Outcome
from employees.models.people import Assignment, Employee, EmployeeStatus, EmploymentType
from employees.models.performance import (
    Calibration,
    Review,
    ReviewAnswer,
    ReviewCycle,
    ReviewerAssignment,
    ReviewerKind,
    ReviewTemplate,
    SectionKind,
    TemplateSection,
)
from employees.models.positions import Position
from employees.models.probation import ProbationReview
from employees.models.rules import LegalRule
from employees.models.sensitive import SensitiveAccess
from employees.models.skills import SkillEvidence
from employees.models.training import (
    Certificate,
    CertificateRequirement,
    CompetencyRequirement,
    Course,
    CourseCompetency,
    CourseSession,
    Enrolment,
    TrainingSettings,
)
from employees.models.worktime import (
    CalendarDay,
    ComprehensivePeriod,
    DayKind,
    Shift,
    ShiftPattern,
    WorkArrangement,
    WorkingHourSystem,
)

__all__ = [
    "Assignment",
    "CalendarDay",
    "Calibration",
    "Certificate",
    "CertificateRequirement",
    "Compensation",
    "CompetencyRequirement",
    "ComprehensivePeriod",
    "Contract",
    "Course",
    "CourseCompetency",
    "CourseSession",
    "DailyResult",
    "DayKind",
    "DayStatus",
    "Direction",
    "Employee",
    "EmployeeConsent",
    "EmployeeDocument",
    "EmployeeNote",
    "EmployeeStatus",
    "EmploymentType",
    "Enrolment",
    "Goal",
    "HireSnapshot",
    "HiredAssessment",
    "HiredDimensionScore",
    "LeaveDelegation",
    "LeaveEntry",
    "LeaveRequest",
    "LeaveSettings",
    "LeaveType",
    "LegalRule",
    "Metric",
    "MetricImport",
    "MetricValue",
    "MonthConfirmation",
    "OnboardingPlan",
    "OnboardingTask",
    "OnboardingTemplate",
    "OnboardingTemplateTask",
    "Outcome",
    "OvertimeKind",
    "OvertimeRequest",
    "OwnerRole",
    "Policy",
    "Position",
    "PreboardingLink",
    "ProbationReview",
    "Punch",
    "PunchCorrection",
    "PunchSource",
    "RequestStatus",
    "Review",
    "ReviewAnswer",
    "ReviewCycle",
    "ReviewTemplate",
    "ReviewerAssignment",
    "ReviewerKind",
    "SectionKind",
    "SensitiveAccess",
    "Shift",
    "ShiftPattern",
    "SkillEvidence",
    "TemplateSection",
    "TrainingSettings",
    "WorkArrangement",
    "WorkingHourSystem",
]
