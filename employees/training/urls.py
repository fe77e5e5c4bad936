"""Training pages at /employees/training/."""

from django.urls import path

from employees.training import views_catalogue, views_team

urlpatterns = [
    path("training/courses/", views_catalogue.course_list_view, name="training-courses"),
    path(
        "training/courses/new/",
        views_catalogue.course_create_view,
        name="training-course-create",
    ),
    path("training/courses/<int:pk>/", views_catalogue.course_edit_view, name="training-course"),
    path(
        "training/courses/<int:pk>/effect/",
        views_catalogue.course_effect_view,
        name="training-course-effect",
    ),
    path(
        "training/courses/<int:pk>/sessions/",
        views_catalogue.session_add_view,
        name="training-session-add",
    ),
    path(
        "training/settings/",
        views_catalogue.training_settings_view,
        name="training-settings",
    ),
    path("training/team/", views_team.team_view, name="training-team"),
    path("training/team/enrol/", views_team.enrol_view, name="training-enrol"),
    path(
        "training/enrolments/<int:pk>/complete/",
        views_team.enrolment_complete_view,
        name="training-enrolment-complete",
    ),
    path(
        "training/enrolments/<int:pk>/cancel/",
        views_team.enrolment_cancel_view,
        name="training-enrolment-cancel",
    ),
    path("training/mine/", views_team.mine_view, name="training-mine"),
]
