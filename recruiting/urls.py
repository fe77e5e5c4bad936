from django.urls import path

from recruiting.hiring import views as hiring
from recruiting.interviews import views as interviews
from recruiting.offers import views as offers
from recruiting.privacy import views as deletion_requests
from recruiting.questions import views as job_questions
from recruiting.resume_reading import views as resume_reading
from recruiting.screening import review_views as review
from recruiting.screening import views as screening_rules
from recruiting.vendors import views as integrations
from recruiting.views import (
    board,
    candidate_messages,
    candidates,
    documents,
    jobs,
    scores,
    talent_pool,
)

app_name = "recruiting"

urlpatterns = [
    path("jobs/", jobs.job_list_view, name="job-list"),
    path("jobs/new/", jobs.job_create_view, name="job-create"),
    path("jobs/<int:pk>/edit/", jobs.job_edit_view, name="job-edit"),
    path("jobs/<int:pk>/status/", jobs.job_status_view, name="job-status"),
    path("jobs/<int:pk>/stages/", jobs.job_stages_view, name="job-stages"),
    path("jobs/<int:pk>/questions/", job_questions.job_questions_view, name="job-questions"),
    path("jobs/<int:pk>/", board.board_view, name="job-board"),
    path("jobs/<int:pk>/stages/<int:stage_pk>/cards/", board.board_column_view, name="board-cards"),
    path("jobs/<int:pk>/move/", board.board_move_view, name="board-move"),
    path("jobs/<int:pk>/bulk/", board.board_bulk_view, name="board-bulk"),
    path("jobs/<int:pk>/scores/", scores.score_sheet_view, name="score-sheet"),
    path("jobs/<int:pk>/scores/weights/", scores.score_weights_view, name="score-weights"),
    path("candidates/", candidates.candidate_list_view, name="candidate-list"),
    path("candidates/<int:pk>/", candidates.candidate_detail_view, name="candidate-detail"),
    path("candidates/<int:pk>/notes/", candidates.candidate_note_view, name="candidate-note"),
    path("candidates/<int:pk>/tags/", candidates.candidate_tags_view, name="candidate-tags"),
    path(
        "candidates/<int:pk>/resumes/",
        candidates.candidate_resume_upload_view,
        name="resume-upload",
    ),
    path("candidates/<int:pk>/merge/", candidates.candidate_merge_view, name="candidate-merge"),
    path("resumes/<int:pk>/download/", candidates.resume_download_view, name="resume-download"),
    path("resumes/<int:pk>/accept/", candidates.resume_accept_view, name="resume-accept"),
    path(
        "resume-fields/<int:pk>/decide/",
        resume_reading.suggestion_decide_view,
        name="resume-field-decide",
    ),
    path("applications/<int:pk>/written-test/", candidates.written_test_view, name="written-test"),
    path("talent-pool/", talent_pool.talent_pool_view, name="talent-pool"),
    # Offers, document requests and deletion requests: HR's side of the candidate portal.
    path(
        "applications/<int:pk>/message/",
        candidate_messages.candidate_message_view,
        name="candidate-message",
    ),
    path("applications/<int:pk>/offers/new/", offers.offer_create_view, name="offer-create"),
    path("applications/<int:pk>/hire/", hiring.application_hire_view, name="application-hire"),
    path("offers/<int:pk>/letter.pdf", offers.offer_letter_view, name="offer-letter"),
    path("offers/<int:pk>/withdraw/", offers.offer_withdraw_view, name="offer-withdraw"),
    path(
        "applications/<int:pk>/documents/request/",
        documents.document_request_view,
        name="document-request",
    ),
    path(
        "document-requests/<int:pk>/review/",
        documents.document_review_view,
        name="document-review",
    ),
    path("documents/<int:pk>/download/", documents.document_file_view, name="document-file"),
    path("deletion-requests/", deletion_requests.deletion_list_view, name="deletion-requests"),
    path(
        "deletion-requests/<int:pk>/decide/",
        deletion_requests.deletion_decide_view,
        name="deletion-decide",
    ),
    path("review/", review.review_queue_view, name="review-queue"),
    path(
        "talent-pool/<int:pk>/recall/",
        talent_pool.talent_pool_recall_view,
        name="talent-pool-recall",
    ),
    path("integrations/", integrations.integration_list_view, name="integration-list"),
    path("integrations/new/", integrations.integration_create_view, name="integration-create"),
    path("integrations/lookup/", integrations.sync_lookup_view, name="sync-lookup"),
    path("integrations/<int:pk>/", integrations.integration_detail_view, name="integration-detail"),
    path(
        "integrations/<int:pk>/action/",
        integrations.integration_action_view,
        name="integration-action",
    ),
    path(
        "integrations/<int:pk>/mapping/",
        integrations.integration_mapping_view,
        name="integration-mapping",
    ),
    path("integrations/held/<int:pk>/", integrations.held_detail_view, name="held-detail"),
    path("integrations/held/<int:pk>/action/", integrations.held_action_view, name="held-action"),
    path(
        "integrations/dead-letters/<int:pk>/retry/",
        integrations.dead_letter_retry_view,
        name="dead-letter-retry",
    ),
    path(
        "jobs/<int:pk>/rules/",
        screening_rules.screening_rule_list_view,
        name="screening-rule-list",
    ),
    path(
        "jobs/<int:pk>/rules/new/",
        screening_rules.screening_rule_create_view,
        name="screening-rule-create",
    ),
    path(
        "jobs/<int:pk>/rules/preview/",
        screening_rules.screening_rule_preview_view,
        name="screening-rule-preview",
    ),
    # The rule's own id: its job is found from it, within what the user may see.
    path(
        "rules/<int:pk>/",
        screening_rules.screening_rule_detail_view,
        name="screening-rule-detail",
    ),
    path("interviews/", interviews.interview_list_view, name="interview-list"),
    path(
        "applications/<int:pk>/interviews/new/",
        interviews.interview_schedule_view,
        name="interview-schedule",
    ),
    path("interviews/<int:pk>/", interviews.interview_detail_view, name="interview-detail"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit_view, name="interview-edit"),
    path("interviews/<int:pk>/cancel/", interviews.interview_cancel_view, name="interview-cancel"),
    path(
        "interviews/<int:pk>/scorecard/",
        interviews.interview_scorecard_view,
        name="interview-scorecard",
    ),
    path("interviews/<int:pk>/resume/", interviews.interview_resume_view, name="interview-resume"),
    # Public: the candidate's signed link from their invitation is the only key.
    path(
        "interviews/respond/<str:token>/",
        interviews.interview_respond_view,
        name="interview-respond",
    ),
]
