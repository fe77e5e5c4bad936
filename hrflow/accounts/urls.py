from django.urls import path

from hrflow.accounts import views

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
]
