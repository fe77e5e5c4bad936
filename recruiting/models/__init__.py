"""Recruiting models, one module per sub-domain; import them from here."""

from recruiting.models.applications import Application, RejectionReason, StageTransition
from recruiting.models.assessments import Assessment, AssessmentDimensionScore
from recruiting.models.candidates import Candidate, Note, Resume, Tag
from recruiting.models.consents import CandidateConsent
from recruiting.models.documents import CandidateDocument, DocumentRequest
from recruiting.models.interviews import Interview
from recruiting.models.jobs import Job, PipelineTemplate, PipelineTemplateStage, Stage, StageKind
from recruiting.models.offers import Offer
from recruiting.models.portal import DeletionRequest, PortalLoginLink, SurveyResponse
from recruiting.models.screening import ScreeningDecision, ScreeningRule, ScreeningRuleVersion
from recruiting.models.screening_questions import ScreeningAnswer, ScreeningQuestion
from recruiting.models.self_identification import SelfIdentification
from recruiting.models.tallies import ApplicationTally

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
    "Interview",
    "Job",
    "Note",
    "Offer",
    "PipelineTemplate",
    "PipelineTemplateStage",
    "PortalLoginLink",
    "RejectionReason",
    "Resume",
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
