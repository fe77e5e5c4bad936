"""django-axes' lockout section of the admin speaks the admin's language.

axes ships no Chinese: its section, models and their filters came out in English on a
Chinese admin. Our catalogue carries them (hrflow/accounts/axes_config.py).
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.fixtures.admin_site import admin_changelist_url

pytestmark = pytest.mark.django_db


def test_the_chinese_admin_index_names_the_lockout_section_and_its_models(superuser_client):
    html = superuser_client.get(
        reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "登录锁定" in html
    assert "登录尝试" in html
    assert "登录失败" in html
    assert "登录日志" in html
    assert "Axes" not in html
    assert "Access attempts" not in html


def test_the_lockout_filter_answers_yes_or_no_not_a_recommendation(superuser_client):
    html = superuser_client.get(
        admin_changelist_url(AccessAttempt), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "已锁定" in html
    assert ">是<" in html
    assert ">否<" in html
    assert "推荐" not in html


def test_the_english_admin_keeps_axes_words(superuser_client):
    html = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Sign-in lockouts" in html
    assert "Access attempts" in html
