"""Where an employee's page is, for pages of higher apps that link to it."""

from django.urls import reverse


def employee_page_url(number: str) -> str:
    return reverse("employees:employee-detail", kwargs={"ref": number})
