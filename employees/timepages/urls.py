"""Time pages at /employees/time/: the employee's own (me, check-in) and the approver's."""

from django.urls import path

from employees.timepages import views_approval_link, views_me, views_team

urlpatterns = [
    path("time/me/", views_me.my_time_view, name="time-me"),
    path("time/me/balances/<int:pk>/", views_me.ledger_view, name="time-ledger"),
    path("time/me/leave/new/", views_me.leave_new_view, name="time-leave-new"),
    path("time/me/leave/<int:pk>/change/", views_me.leave_change_view, name="time-leave-change"),
    path("time/me/leave/<int:pk>/cancel/", views_me.leave_cancel_view, name="time-leave-cancel"),
    path("time/me/overtime/new/", views_me.overtime_new_view, name="time-overtime-new"),
    path("time/me/corrections/new/", views_me.correction_new_view, name="time-correction-new"),
    path("time/me/confirm/", views_me.month_confirm_view, name="time-month-confirm"),
    path("time/check-in/", views_me.checkin_view, name="time-checkin"),
    path("time/check-in/location/", views_me.location_consent_view, name="time-location-consent"),
    path("time/approvals/", views_team.approvals_view, name="time-approvals"),
    path("time/approvals/leave/<int:pk>/", views_team.leave_decide_view, name="time-decide-leave"),
    path(
        "time/approvals/overtime/<int:pk>/",
        views_team.overtime_decide_view,
        name="time-decide-overtime",
    ),
    path(
        "time/approvals/corrections/<int:pk>/",
        views_team.correction_decide_view,
        name="time-decide-correction",
    ),
    path("time/approvals/delegations/", views_team.delegations_view, name="time-delegations"),
    path(
        "time/approvals/delegations/<int:pk>/end/",
        views_team.delegation_end_view,
        name="time-delegation-end",
    ),
    # The approver's one-tap link from a notice: the signed token names request and person.
    path(
        "time/approve/<str:token>/",
        views_approval_link.approval_link_view,
        name="time-approval-link",
    ),
    path("time/calendar/", views_team.team_calendar_view, name="time-calendar"),
]
