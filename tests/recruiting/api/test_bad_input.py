"""Bad input to the API is a 400 or a 404, never a 500 (issue 12, point 13, the API rows).

Handled in the shared pieces every endpoint uses: the JSON parser of the whole
API (nesting depth), the cursor pagination (the position a cursor carries) and
the filter sets, not endpoint by endpoint. The walks below cover every list
endpoint's query parameters and every endpoint that takes a body.
"""

import base64
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from recruiting.api.parsers import MAX_JSON_DEPTH
from recruiting.api.scoped_views import ScopedListApi
from recruiting.api.urls import urlpatterns
from recruiting.models import Assessment
from tests.recruiting.api.conftest import ROLE_NAMES, World, token_client
from tests.recruiting.api.test_access_matrix import ENDPOINTS

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLE_NAMES if role != "anonymous"]
NESTED = "[" * 100_000
BAD_VALUES = ["\x00", "a\x00b", "²", "100000000000000000000", "-1", "NaN", "sNaN", "1e999999", ""]
# The lists at a fixed address; a list inside one object (a run's payslips) is walked
# with that object by its own tests (tests/employees/pay/test_payroll_api.py).
LISTS = {
    f"api:{pattern.name}": pattern.callback.view_class  # type: ignore[attr-defined]
    for pattern in urlpatterns
    if issubclass(getattr(pattern.callback, "view_class", object), ScopedListApi)
    and not pattern.pattern.converters
}


def _client(world: World, role: str = "hr_admin") -> Any:
    client = token_client(world.users[role])
    client.raise_request_exception = False  # a 500 is a status here, not an exception
    return client


def _cursor(position: str, reverse_: bool = False) -> str:
    """A cursor as the pagination encodes one, carrying `position`."""
    tokens = {"o": "0", "r": "1" if reverse_ else "0", "p": position}
    return base64.b64encode(urlencode(tokens).encode()).decode()


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e.method == "post"],
    ids=lambda e: e.name,
)
def test_deeply_nested_json_is_a_400_for_every_endpoint_and_role(
    world: World, endpoint: Any
) -> None:
    """`[` x 100,000 from any signed-in caller: 400 where the body is read, never a 500."""
    for role in SIGNED_IN:
        response = _client(world, role).post(
            endpoint.url(world), NESTED, content_type="application/json"
        )

        expected = endpoint.expected(role)
        assert response.status_code < 500, (role, response.content[:200])
        if 200 <= expected < 300:  # this caller's valid body is read: this one is refused
            assert response.status_code == 400, role
            assert response.json()["message"]


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_not(world: World) -> None:
    url = reverse("api:assessment-list")
    body = {
        "application": world.application_x.pk,
        "source": "acme",
        "external_id": "deep-1",
        "kind": "ai_interview",
        "status": "completed",
    }

    def nested(levels: int) -> dict[str, Any]:
        value: Any = "leaf"
        for _ in range(levels):
            value = {"k": value}
        return value

    # the body is the first level, so raw may hold all the others
    fits = _client(world).post(
        url,
        json.dumps({**body, "raw": nested(MAX_JSON_DEPTH - 1)}),
        content_type="application/json",
    )
    deeper = _client(world).post(
        url,
        json.dumps({**body, "external_id": "deep-2", "raw": nested(MAX_JSON_DEPTH)}),
        content_type="application/json",
    )

    assert fits.status_code == 201, fits.json()
    assert deeper.status_code == 400
    assert not Assessment.objects.filter(external_id="deep-2").exists()


@pytest.mark.parametrize(
    "media",
    [
        {"summary": "a\x00b"},
        {"videos": [{"url": "https://vendor.example/v/1", "question": "\x00"}]},
        {"a\x00": "key with a NUL"},
    ],
)
def test_a_nul_in_media_or_raw_is_a_400_naming_the_field(world: World, media: Any) -> None:
    """PostgreSQL cannot store U+0000 in text or jsonb: refused before anything is written."""
    for field in ("media", "raw"):
        response = _client(world).post(
            reverse("api:assessment-list"),
            {
                "application": world.application_x.pk,
                "source": "acme",
                "external_id": f"nul-{field}",
                "kind": "ai_interview",
                "status": "completed",
                field: media,
            },
            format="json",
        )

        assert response.status_code == 400, response.content[:200]
        assert list(response.json()["errors"]) == [field]
    assert not Assessment.objects.filter(external_id__startswith="nul-").exists()


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_parameter_with_bad_values_is_never_a_500(world: World, name: str) -> None:
    """NUL, ², huge numbers, NaN in the cursor, ordering, page size and every filter."""
    view = LISTS[name]
    filterset = getattr(view, "filterset_class", None)
    filters = [
        f"{filter_name}{suffix}"
        for filter_name in (filterset.base_filters if filterset else ())
        for suffix in ("", "_after", "_before", "_min", "_max")
    ]
    parameters = ["cursor", "ordering", "page_size", *filters]
    client = _client(world)
    failures = []
    for parameter in parameters:
        for value in BAD_VALUES:
            response = client.get(reverse(name), {parameter: value})
            if response.status_code >= 500:
                failures.append((parameter, value, response.status_code))
            elif response.status_code >= 400:
                assert set(response.json()) == {"message", "errors"}
    assert failures == []


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_forged_cursor_position_is_a_404_in_every_ordering(world: World, name: str) -> None:
    """The position inside a cursor is the caller's: NUL, ², NaN, a naive time, a huge
    number or text where a number belongs is an invalid cursor (404), like a broken one."""
    view = LISTS[name]
    orderings = [f"{sign}{field}" for field in view.ordering_fields for sign in ("", "-")]
    positions = [*BAD_VALUES[:-1], "2026-01-01", "2026-01-01 10:00:00", "zzz", "1" * 400]
    client = _client(world)
    failures = []
    for ordering in orderings:
        for position in positions:
            for backwards in (False, True):
                response = client.get(
                    reverse(name), {"ordering": ordering, "cursor": _cursor(position, backwards)}
                )
                if response.status_code not in (200, 404):
                    failures.append((ordering, position, response.status_code))
                elif response.status_code == 404:
                    assert response.json()["message"]
    assert failures == []


def test_a_nul_cursor_with_full_name_ordering_is_a_404(world: World) -> None:
    """The row from the review: a NUL in the cursor with ordering=full_name."""
    response = _client(world).get(
        reverse("api:candidate-list"), {"ordering": "full_name", "cursor": _cursor("\x00")}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(LISTS))
def test_real_cursors_still_walk_every_ordering(world: World, name: str) -> None:
    """The check lets the positions the pagination itself writes through."""
    view = LISTS[name]
    client = _client(world)
    for field in view.ordering_fields:
        for sign in ("", "-"):
            first = client.get(reverse(name), {"ordering": f"{sign}{field}", "page_size": 1})
            assert first.status_code == 200
            link = first.json()["next"]
            while link:
                page = client.get(link)
                assert page.status_code == 200, (field, page.content[:200])
                link = page.json()["next"]
