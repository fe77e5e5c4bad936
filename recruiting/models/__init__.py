"""Recruiting models, one module per sub-domain; import them from here."""

from recruiting.interviews.models import Interview
from recruiting.models.applications import Application, RejectionReason, StageTransition
from recruiting.models.assessments import Assessment, AssessmentDimensionScore
from recruiting.models.candidates import Candidate, Note, Resume, Tag
from recruiting.models.channels import HiringChannel
from recruiting.models.consents import CandidateConsent
from recruiting.models.documents import CandidateDocument, DocumentRequest
from recruiting.models.jobs import Job, PipelineTemplate, PipelineTemplateStage, Stage, StageKind
from recruiting.models.portal import DeletionRequest, PortalLoginLink, SurveyResponse
from recruiting.models.self_identification import SelfIdentification
from recruiting.models.tallies import ApplicationTally
from recruiting.offers.models import Offer
from recruiting.questions.models import ScreeningAnswer, ScreeningQuestion
from recruiting.resume_reading.models import ResumeFieldSuggestion
from recruiting.screening.models import ScreeningDecision, ScreeningRule, ScreeningRuleVersion

__all__ = [
    "Application",
    "ApplicationTally",
    "Assessment",
    "AssessmentDimensionScore",
    "Candidate",
    "CandidateConsent",
    "CandidateDocument",
    "DeletionRequest",
    "DocumentRequest",
    "HiringChannel",
    "Interview",
    "Job",
    "Note",
    "Offer",
    "PipelineTemplate",
    "PipelineTemplateStage",
    "PortalLoginLink",
    "RejectionReason",
    "Resume",
    "ResumeFieldSuggestion",
    "ScreeningAnswer",
    "ScreeningDecision",
    "ScreeningQuestion",
    "ScreeningRule",
    "ScreeningRuleVersion",
    "SelfIdentification",
    "Stage",
    "StageKind",
    "StageTransition",
    "SurveyResponse",
    "Tag",
]
