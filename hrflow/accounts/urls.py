from django.urls import path

from hrflow.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("language/", views.language_switch, name="language-switch"),
    path("staff/", staff_views.staff_list_view, name="staff-list"),
    path("staff/new/", staff_views.staff_invite_view, name="staff-invite"),
    path("staff/<int:pk>/", staff_views.staff_edit_view, name="staff-edit"),
    path("staff/<int:pk>/invite/", staff_views.staff_invite_again_view, name="staff-invite-again"),
]
