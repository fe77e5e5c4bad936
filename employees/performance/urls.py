"""Review pages at /employees/performance/."""

from django.urls import path

from employees.performance import views_hr, views_reviewers, views_reviews, views_templates

urlpatterns = [
    path(
        "performance/templates/",
        views_templates.template_list_view,
        name="performance-templates",
    ),
    path(
        "performance/templates/new/",
        views_templates.template_create_view,
        name="performance-template-create",
    ),
    path(
        "performance/templates/<int:pk>/",
        views_templates.template_edit_view,
        name="performance-template",
    ),
    path("performance/cycles/", views_hr.cycle_list_view, name="performance-cycles"),
    path("performance/cycles/new/", views_hr.cycle_open_view, name="performance-cycle-open"),
    path("performance/cycles/<int:pk>/", views_hr.cycle_detail_view, name="performance-cycle"),
    path(
        "performance/cycles/<int:pk>/calibration/",
        views_hr.calibration_view,
        name="performance-calibration",
    ),
    path(
        "performance/cycles/<int:pk>/calibration/start/",
        views_hr.cycle_calibration_start_view,
        name="performance-calibration-start",
    ),
    path(
        "performance/cycles/<int:pk>/close/",
        views_hr.cycle_close_view,
        name="performance-cycle-close",
    ),
    path(
        "performance/reviews/<int:pk>/calibrate/",
        views_hr.review_calibrate_view,
        name="performance-review-calibrate",
    ),
    path("performance/reviews/", views_reviews.my_reviews_view, name="performance-my-reviews"),
    path(
        "performance/reviews/<int:pk>/",
        views_reviews.review_detail_view,
        name="performance-review",
    ),
    path(
        "performance/reviews/<int:pk>/self/",
        views_reviews.review_self_view,
        name="performance-review-self",
    ),
    path(
        "performance/reviews/<int:pk>/manager/",
        views_reviews.review_manager_view,
        name="performance-review-manager",
    ),
    path(
        "performance/reviews/<int:pk>/reviewers/",
        views_reviewers.reviewer_assign_view,
        name="performance-reviewer-assign",
    ),
    path(
        "performance/asked/<int:pk>/",
        views_reviewers.reviewer_answer_view,
        name="performance-reviewer-answer",
    ),
    path(
        "performance/reviews/<int:pk>/acknowledge/",
        views_reviews.review_acknowledge_view,
        name="performance-review-acknowledge",
    ),
]
