"""The candidate portal, mounted at /portal/.

The sign-in pages are public; every other page needs a portal session
(recruiting.portal_session.candidate_required) and reads only the signed-in
candidate's own rows, so another candidate's ids are 404.
"""

from django.urls import path

from recruiting.views import (
    portal_access,
    portal_applications,
    portal_data,
    portal_documents,
    portal_home,
    portal_interviews,
    portal_messages,
    portal_offers,
    portal_surveys,
)

app_name = "portal"

urlpatterns = [
    path("sign-in/", portal_access.sign_in_view, name="sign-in"),
    path("in/<str:token>/", portal_access.link_view, name="link"),
    path("sign-out/", portal_access.sign_out_view, name="sign-out"),
    path("", portal_home.home_view, name="home"),
    path("applications/<int:pk>/", portal_applications.application_view, name="application"),
    path("applications/<int:pk>/withdraw/", portal_applications.withdraw_view, name="withdraw"),
    path("applications/<int:pk>/survey/<str:moment>/", portal_surveys.survey_view, name="survey"),
    path("messages/", portal_messages.messages_view, name="messages"),
    path("interviews/<int:pk>/", portal_interviews.interview_view, name="interview"),
    path(
        "interviews/<int:pk>/calendar.ics",
        portal_interviews.calendar_view,
        name="interview-calendar",
    ),
    path("documents/requests/<int:pk>/", portal_documents.upload_view, name="document-upload"),
    path("documents/<int:pk>/", portal_documents.file_view, name="document-file"),
    path("offers/<int:pk>/", portal_offers.offer_view, name="offer"),
    path("offers/<int:pk>/letter.pdf", portal_offers.letter_view, name="offer-letter"),
    path("offers/<int:pk>/answer/", portal_offers.answer_view, name="offer-answer"),
    path("my-data/", portal_data.my_data_view, name="my-data"),
    path("my-data/export.zip", portal_data.export_view, name="data-export"),
    path("my-data/erase/", portal_data.erase_view, name="data-erase"),
]
