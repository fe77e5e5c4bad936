"""The candidate portal, mounted at /portal/.

The sign-in pages are public; every other page needs a portal session
(portal.session.candidate_required) and reads only the signed-in
candidate's own rows, so another candidate's ids are 404.
"""

from django.urls import path

from portal.views import (
    access,
    applications,
    data,
    documents,
    home,
    interviews,
    messages,
    offers,
    surveys,
)

app_name = "portal"

urlpatterns = [
    path("sign-in/", access.sign_in_view, name="sign-in"),
    path("in/<str:token>/", access.link_view, name="link"),
    path("sign-out/", access.sign_out_view, name="sign-out"),
    path("", home.home_view, name="home"),
    path("applications/<int:pk>/", applications.application_view, name="application"),
    path("applications/<int:pk>/withdraw/", applications.withdraw_view, name="withdraw"),
    path("applications/<int:pk>/survey/<str:moment>/", surveys.survey_view, name="survey"),
    path("messages/", messages.messages_view, name="messages"),
    path("interviews/<int:pk>/", interviews.interview_view, name="interview"),
    path(
        "interviews/<int:pk>/calendar.ics",
        interviews.calendar_view,
        name="interview-calendar",
    ),
    path("documents/requests/<int:pk>/", documents.upload_view, name="document-upload"),
    path("documents/<int:pk>/", documents.file_view, name="document-file"),
    path("offers/<int:pk>/", offers.offer_view, name="offer"),
    path("offers/<int:pk>/letter.pdf", offers.letter_view, name="offer-letter"),
    path("offers/<int:pk>/answer/", offers.answer_view, name="offer-answer"),
    path("my-data/", data.my_data_view, name="my-data"),
    path("my-data/export.zip", data.export_view, name="data-export"),
    path("my-data/erase/", data.erase_view, name="data-erase"),
]
