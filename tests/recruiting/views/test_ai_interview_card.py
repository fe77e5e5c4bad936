"""The AI interview card on the profile names the vendor, says whose recommendation it
is, and shows the vendor's score on its own scale in words HR reads."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.contracts import AssessmentResult
from recruiting.services.assessments import record_assessment_result
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory
from tests.recruiting.vendors.factories import vuesim_connection_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_page(client):
    connection = vuesim_connection_make("VueSim")
    application = ApplicationFactory()
    record_assessment_result(
        result=AssessmentResult(
            source=connection.source_key,
            external_id="iv_1",
            kind="ai_interview",
            status="completed",
            overall_score=Decimal(95),
            overall_raw="4.8",
            overall_scale="1-5",
            vendor_verdict="pass",
        ),
        application=application,
    )
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    url = reverse("recruiting:candidate-detail", args=[application.candidate_id])

    def page(language: str) -> str:
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    return page


def test_the_chinese_card_names_the_vendor_its_advice_and_the_scale(card_page):
    html = card_page("zh-hans")

    assert 'data-testid="assessment-vendor">VueSim<' in html
    assert 'data-testid="assessment-verdict">供应商建议：推荐<' in html
    assert 'data-testid="assessment-raw">4.8 / 5 分 → 95<' in html
    assert "1-5" not in html


def test_the_english_card_reads_the_same(card_page):
    html = card_page("en")

    assert 'data-testid="assessment-verdict">Vendor\'s recommendation: Recommended<' in html
    assert 'data-testid="assessment-raw">4.8 / 5 → 95<' in html
