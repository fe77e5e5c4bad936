import pytest


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The migration-installed catalogue (templates, reasons, dimensions), present in
    every database test even after a transactional test flushed the tables."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db" if not _transactional(request) else "transactional_db")
    from django.apps import apps

    from recruiting.catalogue import install_reference_data

    install_reference_data(apps)


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or False))
