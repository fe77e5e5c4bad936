"""Application sources are shown by their names; an unknown code as it was given."""

from django.template import Context, Template
from django.utils import translation

from recruiting.sources import source_label

FILTER = Template("{% load recruiting_tags %}{{ code|source_label }}")


def test_a_known_source_is_named_in_the_page_language():
    with translation.override("en"):
        assert source_label("careers_site") == "Careers site"
        assert FILTER.render(Context({"code": "talent_pool"})) == "Recalled from the talent pool"
    with translation.override("zh-hans"):
        assert source_label("careers_site") != "careers_site"


def test_an_unknown_or_empty_source_is_shown_as_given():
    assert source_label("partner_api") == "partner_api"
    assert FILTER.render(Context({"code": ""})) == "—"
    assert FILTER.render(Context({"code": "<b>x</b>"})) == "&lt;b&gt;x&lt;/b&gt;"  # escaped
